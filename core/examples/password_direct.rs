//! Benchmark peer (bench/identity.sh): verifies a stored hash by calling the `argon2` or `bcrypt`
//! crate directly, in this process, the way a Rust program without isolation would. The hash
//! comes from the extension, so both sides run with the same parameters.
//!
//! Usage: password_direct <hash> <password> <verifications>; prints the best of three runs in
//! microseconds per verification.

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, hash, password, n] = args.as_slice() else {
        eprintln!("usage: password_direct <hash> <password> <verifications>");
        std::process::exit(2);
    };
    let n: u32 = n.parse().expect("a number of verifications");
    let verify = || -> bool {
        if hash.starts_with("$2") {
            bcrypt::verify(password, hash).expect("a bcrypt hash")
        } else {
            let parsed = PasswordHash::new(hash).expect("an argon2 PHC string");
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        }
    };
    assert!(verify(), "the password does not match the hash");
    let mut best = f64::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        for _ in 0..n {
            std::hint::black_box(verify());
        }
        best = best.min(started.elapsed().as_secs_f64() * 1e6 / f64::from(n));
    }
    println!("{best:.1}");
}
