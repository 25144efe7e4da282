"""The RFC 6238 code of a base32 TOTP secret, for a 30 s step offset from now (argument 2).
Used by tests/shell/mfa.sh and by the doc tester.

The doc tester reads it into a psql variable (\\set code `python3 tests/lib/totp.py :'secret'`),
as a user's authenticator app would show it."""
import base64, hashlib, hmac, struct, sys, time

secret = sys.argv[1]
key = base64.b32decode(secret + "=" * (-len(secret) % 8))
step = int(time.time()) // 30 + (int(sys.argv[2]) if len(sys.argv) > 2 else 0)
digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
offset = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000))
