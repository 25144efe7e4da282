# Turns one markdown file into a psql script that runs its SQL examples in order, and a
# manifest describing each example. Used by tests/shell/doc_examples.sh, which documents the
# annotations. Variables passed with -v: file (name for messages), out (directory for the
# expected outputs), base (example number to start from).
#
# Manifest lines: number|line|role|expected sqlstate|skip reason|has expected output|hidden
function flush_directive() { d_role = ""; d_error = ""; d_skip = ""; d_seen = 0 }
function parse_directive(text,    n, i, parts, kv, key, val) {
    flush_directive()
    d_seen = 1
    sub(/^[ \t]*<!--[ \t]*doctest:[ \t]*/, "", text)
    sub(/[ \t]*-->[ \t]*$/, "", text)
    # skip="reason with spaces" is taken whole; the rest are key=value words.
    if (match(text, /skip="[^"]*"/)) {
        d_skip = substr(text, RSTART + 6, RLENGTH - 7)
        if (d_skip == "") d_skip = "(no reason given)"
        text = substr(text, 1, RSTART - 1) substr(text, RSTART + RLENGTH)
    }
    n = split(text, parts, /[ \t]+/)
    for (i = 1; i <= n; i++) {
        if (parts[i] == "") continue
        if (split(parts[i], kv, "=") != 2) { bad = bad sprintf("%s:%d: unreadable doctest word '%s'\n", file, NR, parts[i]); continue }
        key = kv[1]; val = kv[2]
        if (key == "as") d_role = val
        else if (key == "error") d_error = val
        else bad = bad sprintf("%s:%d: unknown doctest key '%s'\n", file, NR, key)
    }
}
function begin_example(role, error, skip, hidden, line) {
    num++
    cur = base + num
    e_role[cur] = role; e_error[cur] = error; e_skip[cur] = skip; e_hidden[cur] = hidden
    e_line[cur] = line; e_output[cur] = 0
    if (skip == "") {
        if (role != last_role) { printf "\\doctest_connect %s\n", role >> script; last_role = role }
        printf "\\o %s/%d.out\n\\warn @@doctest begin %d\n", out, cur, cur >> script
    }
}
function end_example() {
    if (e_skip[cur] == "") printf "\n\\warn @@doctest end %d\n\\o\n", cur >> script
}
BEGIN { script = out "/script.sql"; num = 0; state = "text"; last_role = ""; flush_directive(); bad = "" }
# An ```output block right after an example (blank lines between allowed) is what psql prints.
state == "after" && /^[ \t]*$/ { next }
state == "after" && /^```output[ \t]*$/ { e_output[cur] = 1; state = "output"; printf "" > (out "/" cur ".expected"); next }
# Anything else ends it, and is read by the rules below.
state == "after" { state = "text" }
state == "output" && /^```[ \t]*$/ { close(out "/" cur ".expected"); state = "text"; next }
state == "output" { print >> (out "/" cur ".expected"); next }
# A hidden example: SQL in an HTML comment (not shown by a markdown viewer), for set-up a reader
# does not need to see, e.g. <!-- doctest-hidden as=postgres ... -->.
state == "text" && /^[ \t]*<!--[ \t]*doctest-hidden/ {
    line = $0
    sub(/^[ \t]*<!--[ \t]*doctest-hidden[ \t]*/, "", line)
    role = ""
    if (match(line, /as=[a-z]+/)) role = substr(line, RSTART + 3, RLENGTH - 3)
    if (role == "") bad = bad sprintf("%s:%d: doctest-hidden needs as=ROLE\n", file, NR)
    begin_example(role, "", "", 1, NR)
    state = "hidden"
    next
}
state == "hidden" && /^[ \t]*-->[ \t]*$/ { end_example(); state = "text"; next }
state == "hidden" { if (e_skip[cur] == "") print >> script; next }
state == "text" && /^[ \t]*<!--[ \t]*doctest:/ { parse_directive($0); next }
# A page whose examples start from an empty database (the extension only, no sample data).
state == "text" && /^[ \t]*<!--[ \t]*doctest-file:[ \t]*db=empty[ \t]*-->/ { printf "empty\n" > (out "/db"); next }
state == "text" && /^```sql[ \t]*$/ {
    if (!d_seen) bad = bad sprintf("%s:%d: SQL example without a <!-- doctest: as=ROLE --> line before it\n", file, NR)
    else if (d_role == "" && d_skip == "") bad = bad sprintf("%s:%d: doctest line without as=ROLE\n", file, NR)
    begin_example(d_role, d_error, d_skip, 0, NR)
    flush_directive()
    state = "sql"
    next
}
state == "sql" && /^```[ \t]*$/ { end_example(); state = "after"; next }
state == "sql" { if (e_skip[cur] == "") print >> script; next }
# A directive applies to the fence right after it (blank lines allowed), nothing else.
state == "text" && !/^[ \t]*$/ && d_seen { bad = bad sprintf("%s:%d: doctest line not followed by a ```sql block\n", file, NR); flush_directive() }
END {
    if (state == "sql" || state == "hidden" || state == "output") bad = bad sprintf("%s: unterminated block at the end\n", file)
    for (i = base + 1; i <= base + num; i++)
        printf "%d|%d|%s|%s|%s|%d|%d\n", i, e_line[i], e_role[i], e_error[i], e_skip[i], e_output[i], e_hidden[i] >> (out "/manifest")
    if (bad != "") { printf "%s", bad > (out "/" base ".bad") }
}
