//! The session behind a token digest, read straight from the indexes: no SPI, no planner, no
//! executor.
//!
//! Validation runs on every request, so its cost is that of the lookup itself: one probe of
//! the unique index on `user_sessions.token_digest`, one of `users`' primary key and one of
//! `organizations`' primary key, under the MVCC snapshot the query would have had (see
//! `push_query_snapshot`) and with the locks the
//! executor would take (AccessShareLock on each table and index, held to the end of the
//! transaction). The answer is the row the SQL query below would return, column for column:
//!
//! ```sql
//! SELECT s.id, s.user_id, s.organization_id, s.last_activity_at, o.is_active, o.deleted_at IS NOT NULL,
//!        s.ip_address, s.user_agent  -- the last two for authenticate() only
//!   FROM officeauto.user_sessions s
//!   JOIN officeauto.users u ON u.id = s.user_id
//!   JOIN officeauto.organizations o ON o.id = s.organization_id
//!  WHERE s.token_digest = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
//!    AND s.last_activity_at > now() - idle_timeout
//!    AND u.status = 'active' AND u.deleted_at IS NULL
//! ```
//!
//! Nothing here resolves a name through the caller's search_path: the schema and tables are
//! looked up by qualified name once per backend, the columns by name in those tables, the
//! indexes among the tables' own, and the comparison functions by OID. The cached OIDs are
//! forgotten on any relcache invalidation of those relations (DROP/CREATE EXTENSION, ALTER,
//! REINDEX, even ANALYZE) and checked again after each table is locked. Reading bypasses
//! privileges and row-level security exactly as the SQL did, which ran as the extension's
//! owner, a superuser. When the tables do not look as the extension made them (an index gone
//! or not yet usable by this snapshot, a column of another type), the caller falls back to the
//! SQL query.

use pgrx::pg_sys;
use pgrx::pg_sys::{AttrNumber, Datum, Oid, Relation};
use std::cell::Cell;
use std::ffi::CStr;

/// What the query above returns for one token.
pub struct SessionRow {
    pub session_id: i64,
    pub user_id: i64,
    pub organization_id: i64,
    pub last_activity_at: pg_sys::TimestampTz,
    pub organization_active: bool,
    pub organization_deleted: bool,
    /// The address and agent the session was opened with; read only when asked for.
    pub origin: Option<crate::origin::SessionOrigin>,
}

/// One table: its OID, the index probed and the columns read.
#[derive(Clone, Copy)]
struct Table<const N: usize> {
    relid: Oid,
    index: Oid,
    columns: [AttrNumber; N],
}

#[derive(Clone, Copy)]
struct Catalog {
    namespace: Oid,
    // id, user_id, organization_id, token_digest, expires_at, revoked_at, last_activity_at,
    // ip_address, user_agent
    sessions: Table<9>,
    // id, status, deleted_at
    users: Table<3>,
    // id, is_active, deleted_at
    organizations: Table<3>,
}

impl Catalog {
    fn mentions(&self, relid: Oid) -> bool {
        [
            self.sessions.relid,
            self.sessions.index,
            self.users.relid,
            self.users.index,
            self.organizations.relid,
            self.organizations.index,
        ]
        .contains(&relid)
    }
}

/// The answer for one digest.
pub enum Lookup {
    Found(SessionRow),
    /// No row: unknown, revoked, expired, idle, or the user or organization row is missing or
    /// the user not active.
    NotFound,
    /// The tables are missing or not as the extension made them: use the SQL query (which
    /// also reports a missing table by itself).
    Unavailable,
}

thread_local! {
    // Backends are single-threaded; this is per backend.
    static CATALOG: Cell<Option<Catalog>> = const { Cell::new(None) };
    // Bumped by every relcache invalidation that concerns the cached relations.
    static GENERATION: Cell<u64> = const { Cell::new(0) };
}

#[pgrx::pg_guard]
unsafe extern "C-unwind" fn relcache_changed(_arg: Datum, relid: Oid) {
    CATALOG.with(|c| {
        if relid == pg_sys::InvalidOid || c.get().is_some_and(|cat| cat.mentions(relid)) {
            c.set(None);
            GENERATION.with(|g| g.set(g.get().wrapping_add(1)));
        }
    });
}

const SESSIONS_COLUMNS: [(&CStr, Oid); 9] = [
    (c"id", pg_sys::INT8OID),
    (c"user_id", pg_sys::INT8OID),
    (c"organization_id", pg_sys::INT8OID),
    (c"token_digest", pg_sys::BYTEAOID),
    (c"expires_at", pg_sys::TIMESTAMPTZOID),
    (c"revoked_at", pg_sys::TIMESTAMPTZOID),
    (c"last_activity_at", pg_sys::TIMESTAMPTZOID),
    (c"ip_address", pg_sys::INETOID),
    (c"user_agent", pg_sys::TEXTOID),
];
const USERS_COLUMNS: [(&CStr, Oid); 3] = [
    (c"id", pg_sys::INT8OID),
    (c"status", pg_sys::TEXTOID),
    (c"deleted_at", pg_sys::TIMESTAMPTZOID),
];
const ORGANIZATIONS_COLUMNS: [(&CStr, Oid); 3] = [
    (c"id", pg_sys::INT8OID),
    (c"is_active", pg_sys::BOOLOID),
    (c"deleted_at", pg_sys::TIMESTAMPTZOID),
];

/// Columns by name, each of the expected type.
unsafe fn columns<const N: usize>(
    relid: Oid,
    wanted: &[(&CStr, Oid); N],
) -> Option<[AttrNumber; N]> {
    let mut out = [0; N];
    for (slot, (name, ty)) in out.iter_mut().zip(wanted) {
        // SAFETY: syscache lookups by OID and name; no search_path involved.
        let attnum = unsafe { pg_sys::get_attnum(relid, name.as_ptr()) };
        if attnum <= 0 || unsafe { pg_sys::get_atttype(relid, attnum) } != *ty {
            return None;
        }
        *slot = attnum;
    }
    Some(out)
}

/// Whether `index` is a usable btree on exactly `column`, with the operator family whose
/// equality function the probe calls.
unsafe fn is_probe_index(index: Relation, column: AttrNumber, family: Oid, unique: bool) -> bool {
    // SAFETY: fields of an open index relation.
    unsafe {
        let form = (*index).rd_index;
        !form.is_null()
            && (*(*index).rd_rel).relam == pg_sys::BTREE_AM_OID
            && (*form).indnatts == 1
            && (*form).indnkeyatts == 1
            && (!unique || (*form).indisunique)
            && (*form).indisvalid
            && (*form).indislive
            && !(*form).indcheckxmin
            && *(*form).indkey.values.as_ptr() == column
            && *(*index).rd_opfamily == family
            && pg_sys::RelationGetIndexPredicate(index).is_null()
    }
}

/// The unique index of `table` on `column` alone, if it has a usable one.
unsafe fn unique_index_on(table: Relation, column: AttrNumber, family: Oid) -> Option<Oid> {
    // SAFETY: the table is open and locked; each index is opened and closed here.
    unsafe {
        let list = pg_sys::RelationGetIndexList(table);
        let mut found = None;
        if !list.is_null() {
            for i in 0..(*list).length {
                let oid = (*(*list).elements.add(i as usize)).oid_value;
                let index = pg_sys::index_open(oid, pg_sys::AccessShareLock as _);
                let ok = is_probe_index(index, column, family, true);
                pg_sys::index_close(index, pg_sys::NoLock as _);
                if ok {
                    found = Some(oid);
                    break;
                }
            }
            pg_sys::list_free(list);
        }
        found
    }
}

/// Looks the three tables up by qualified name and checks their shape.
unsafe fn resolve() -> Option<Catalog> {
    // SAFETY: syscache lookups by name within one schema, and relations opened with the lock
    // the lookup itself needs (kept to the end of the transaction, like the executor's).
    unsafe {
        let namespace = pg_sys::get_namespace_oid(c"officeauto".as_ptr(), true);
        if namespace == pg_sys::InvalidOid {
            return None;
        }
        let relid = |name: &CStr| {
            let oid = pg_sys::get_relname_relid(name.as_ptr(), namespace);
            (oid != pg_sys::InvalidOid).then_some(oid)
        };
        let sessions = relid(c"user_sessions")?;
        let users = relid(c"users")?;
        let organizations = relid(c"organizations")?;
        let s_cols = columns(sessions, &SESSIONS_COLUMNS)?;
        let u_cols = columns(users, &USERS_COLUMNS)?;
        let o_cols = columns(organizations, &ORGANIZATIONS_COLUMNS)?;

        let digest_index = with_table(sessions, |rel| {
            unique_index_on(rel, s_cols[3], pg_sys::BYTEA_BTREE_FAM_OID)
        })?;
        let pkey = |relid: Oid, id: AttrNumber| {
            with_table(relid, |rel| {
                let oid = pg_sys::RelationGetPrimaryKeyIndex(rel);
                if oid == pg_sys::InvalidOid {
                    return None;
                }
                let index = pg_sys::index_open(oid, pg_sys::AccessShareLock as _);
                let ok = is_probe_index(index, id, pg_sys::INTEGER_BTREE_FAM_OID, true);
                pg_sys::index_close(index, pg_sys::NoLock as _);
                ok.then_some(oid)
            })
        };
        let users_pkey = pkey(users, u_cols[0])?;
        let organizations_pkey = pkey(organizations, o_cols[0])?;
        Some(Catalog {
            namespace,
            sessions: Table {
                relid: sessions,
                index: digest_index,
                columns: s_cols,
            },
            users: Table {
                relid: users,
                index: users_pkey,
                columns: u_cols,
            },
            organizations: Table {
                relid: organizations,
                index: organizations_pkey,
                columns: o_cols,
            },
        })
    }
}

/// Runs `f` on a table opened by OID (AccessShareLock, kept); None if it is gone or `f`
/// finds nothing.
unsafe fn with_table<T>(relid: Oid, f: impl FnOnce(Relation) -> Option<T>) -> Option<T> {
    // SAFETY: try_relation_open returns NULL for a relation that no longer exists.
    unsafe {
        let rel = pg_sys::try_relation_open(relid, pg_sys::AccessShareLock as _);
        if rel.is_null() {
            return None;
        }
        let out = if (*(*rel).rd_rel).relkind as u8 == pg_sys::RELKIND_RELATION {
            f(rel)
        } else {
            None
        };
        pg_sys::relation_close(rel, pg_sys::NoLock as _);
        out
    }
}

/// The relations, slots and index scans of the lookups of one transaction.
///
/// Opening six relations, three slots and three index scans per call would cost more than the
/// three probes themselves, so they are made on the first lookup of a transaction and reused
/// by every later one, the way the executor keeps its scans across the rows of a query. All of
/// them belong to the top-level transaction's resource owner and memory context, so no
/// subtransaction ending (a savepoint, an EXCEPTION block) can release them behind our back;
/// they are released before commit or prepare (xact callback), before any utility statement
/// (which may want the tables: DROP, ALTER, TRUNCATE refuse tables still open), and when the
/// catalog changes; an abort releases them by itself. Buffer pins are dropped at the end of
/// every lookup, and the scans use the snapshot of the statement calling, so nothing but the
/// AccessShareLocks the executor would also hold outlives a call.
#[derive(Clone, Copy)]
struct Open {
    transaction: u32,
    generation: u64,
    cat: Catalog,
    // sessions, digest index, users, users pkey, organizations, organizations pkey
    rels: [Relation; 6],
    slots: [*mut pg_sys::TupleTableSlot; 3],
    scans: [pg_sys::IndexScanDesc; 3],
    /// Set while a lookup runs: still set at the next call means an error interrupted it.
    busy: bool,
    /// The last organization row read, and the snapshot it was read under: a statement
    /// validating many tokens of one organization reads its row once (what PostgreSQL's
    /// Memoize node does for a nested loop).
    organization: Option<(SnapshotKey, i64, bool, bool)>,
}

/// What decides an MVCC snapshot's answers: two snapshots with equal keys see the same rows.
/// (No transaction completed between them, the same command of this transaction.)
#[derive(Clone, Copy, PartialEq, Eq)]
struct SnapshotKey {
    xmin: u32,
    xmax: u32,
    xcnt: u32,
    subxcnt: i32,
    suboverflowed: bool,
    recovery: bool,
    curcid: u32,
    completions: u64,
    kind: u32,
}

impl SnapshotKey {
    unsafe fn of(snapshot: pg_sys::Snapshot) -> Option<SnapshotKey> {
        // SAFETY: fields of a live snapshot.
        let s = unsafe { &*snapshot };
        // Only MVCC snapshots taken from the shared state (a completion count) qualify.
        (s.snapshot_type == pg_sys::SnapshotType::SNAPSHOT_MVCC && s.snapXactCompletionCount != 0)
            .then_some(SnapshotKey {
                xmin: s.xmin.into_inner(),
                xmax: s.xmax.into_inner(),
                xcnt: s.xcnt,
                subxcnt: s.subxcnt,
                suboverflowed: s.suboverflowed,
                recovery: s.takenDuringRecovery,
                curcid: s.curcid,
                completions: s.snapXactCompletionCount,
                kind: s.snapshot_type,
            })
    }
}

thread_local! {
    static OPEN: std::cell::RefCell<Option<Open>> = const { std::cell::RefCell::new(None) };
    static HOOKS: Cell<bool> = const { Cell::new(false) };
    static PREVIOUS_UTILITY_HOOK: Cell<pg_sys::ProcessUtility_hook_type> = const { Cell::new(None) };
}

/// Runs the enclosed code with the top-level transaction's resource owner and memory context,
/// restoring the caller's on every way out.
struct AsTopTransaction {
    owner: pg_sys::ResourceOwner,
    context: pg_sys::MemoryContext,
}

impl AsTopTransaction {
    unsafe fn enter() -> AsTopTransaction {
        // SAFETY: plain backend globals, valid inside a transaction.
        unsafe {
            let saved = AsTopTransaction {
                owner: pg_sys::CurrentResourceOwner,
                context: pg_sys::CurrentMemoryContext,
            };
            pg_sys::CurrentResourceOwner = pg_sys::TopTransactionResourceOwner;
            pg_sys::CurrentMemoryContext = pg_sys::TopTransactionContext;
            saved
        }
    }
}

impl Drop for AsTopTransaction {
    fn drop(&mut self) {
        // SAFETY: restores what enter() saved.
        unsafe {
            pg_sys::CurrentResourceOwner = self.owner;
            pg_sys::CurrentMemoryContext = self.context;
        }
    }
}

impl Open {
    /// Opens the catalog's relations by OID and makes the slots and scans. None if a
    /// relation is gone, is no longer what the catalog says (its name or schema changed), or
    /// an invalidation arrived while locking.
    unsafe fn new(cat: Catalog) -> Option<Open> {
        let generation = GENERATION.with(Cell::get);
        let oids = [
            cat.sessions.relid,
            cat.sessions.index,
            cat.users.relid,
            cat.users.index,
            cat.organizations.relid,
            cat.organizations.index,
        ];
        let names: [&CStr; 3] = [c"user_sessions", c"users", c"organizations"];
        let mut rels = [std::ptr::null_mut(); 6];
        // SAFETY: relations locked and opened by OID as relation_open does, except that a
        // vanished OID is reported (NULL from the relcache) instead of raised; everything
        // belongs to the top-level transaction (see Open).
        unsafe {
            let _top = AsTopTransaction::enter();
            let mut ok = true;
            for (i, oid) in oids.iter().enumerate() {
                pg_sys::LockRelationOid(*oid, pg_sys::AccessShareLock as _);
                let rel = pg_sys::RelationIdGetRelation(*oid);
                if rel.is_null() {
                    pg_sys::UnlockRelationOid(*oid, pg_sys::AccessShareLock as _);
                    ok = false;
                    break;
                }
                pg_sys::pgstat_init_relation(rel);
                rels[i] = rel;
                let form = (*rel).rd_rel;
                let expected_kind = if i % 2 == 0 {
                    pg_sys::RELKIND_RELATION
                } else {
                    pg_sys::RELKIND_INDEX
                };
                if (*form).relkind as u8 != expected_kind
                    || (*form).relnamespace != cat.namespace
                    || (i % 2 == 0 && CStr::from_ptr((*form).relname.data.as_ptr()) != names[i / 2])
                {
                    ok = false;
                    break;
                }
            }
            if !ok || GENERATION.with(Cell::get) != generation {
                for rel in rels.iter().filter(|r| !r.is_null()) {
                    pg_sys::RelationClose(*rel);
                }
                return None;
            }
            // Any snapshot will do here: every lookup sets its own on the scans.
            let snapshot = if pg_sys::ActiveSnapshotSet() {
                pg_sys::GetActiveSnapshot()
            } else {
                pg_sys::GetTransactionSnapshot()
            };
            let mut slots = [std::ptr::null_mut(); 3];
            let mut scans = [std::ptr::null_mut(); 3];
            for t in 0..3 {
                let (heap, index) = (rels[2 * t], rels[2 * t + 1]);
                slots[t] = pg_sys::table_slot_create(heap, std::ptr::null_mut());
                // The snapshot is replaced by the caller's at every lookup.
                scans[t] = pg_sys::index_beginscan(heap, index, snapshot, 1, 0);
            }
            Some(Open {
                transaction: crate::context::local_transaction(),
                generation,
                cat,
                rels,
                slots,
                scans,
                busy: false,
                organization: None,
            })
        }
    }

    /// Gives everything back; only in the transaction that made it.
    unsafe fn release(self) {
        // SAFETY: ends, drops and closes what new() made, under the same resource owner.
        unsafe {
            let _top = AsTopTransaction::enter();
            for scan in self.scans {
                pg_sys::index_endscan(scan);
            }
            for slot in self.slots {
                pg_sys::ExecDropSingleTupleTableSlot(slot);
            }
            for rel in self.rels {
                pg_sys::RelationClose(rel);
            }
        }
    }
}

/// Releases this transaction's relations, if it holds any.
fn release_open() {
    let now = crate::context::local_transaction();
    if let Some(open) = OPEN.with(|o| o.borrow_mut().take())
        && open.transaction == now
    {
        // SAFETY: made in this transaction, which is still running.
        unsafe { open.release() };
    }
}

#[pgrx::pg_guard]
unsafe extern "C-unwind" fn on_transaction_end(
    event: pg_sys::XactEvent::Type,
    _arg: *mut std::ffi::c_void,
) {
    use pg_sys::XactEvent::*;
    match event {
        XACT_EVENT_PRE_COMMIT | XACT_EVENT_PARALLEL_PRE_COMMIT | XACT_EVENT_PRE_PREPARE => {
            release_open()
        }
        // An abort released everything with the transaction's resource owner; a commit or
        // prepare finds nothing left.
        _ => OPEN.with(|o| *o.borrow_mut() = None),
    }
}

#[allow(clippy::too_many_arguments)]
#[pgrx::pg_guard]
unsafe extern "C-unwind" fn before_utility(
    pstmt: *mut pg_sys::PlannedStmt,
    query: *const std::ffi::c_char,
    read_only_tree: bool,
    context: pg_sys::ProcessUtilityContext::Type,
    params: pg_sys::ParamListInfo,
    env: *mut pg_sys::QueryEnvironment,
    dest: *mut pg_sys::DestReceiver,
    qc: *mut pg_sys::QueryCompletion,
) {
    // DDL refuses tables this session still has open (CheckTableNotInUse).
    release_open();
    // SAFETY: chaining to the hook that was installed before ours, else the standard one.
    unsafe {
        match PREVIOUS_UTILITY_HOOK.with(Cell::get) {
            Some(previous) => {
                previous(pstmt, query, read_only_tree, context, params, env, dest, qc)
            }
            None => pg_sys::standard_ProcessUtility(
                pstmt,
                query,
                read_only_tree,
                context,
                params,
                env,
                dest,
                qc,
            ),
        }
    }
}

/// Registers the callbacks and the utility hook, once per backend.
fn register_hooks() {
    if HOOKS.with(Cell::get) {
        return;
    }
    // SAFETY: callback registration and hook chaining in the backend's only thread.
    unsafe {
        pg_sys::CacheRegisterRelcacheCallback(Some(relcache_changed), Datum::from(0));
        pg_sys::RegisterXactCallback(Some(on_transaction_end), std::ptr::null_mut());
        PREVIOUS_UTILITY_HOOK.with(|h| h.set(pg_sys::ProcessUtility_hook));
        pg_sys::ProcessUtility_hook = Some(before_utility);
    }
    HOOKS.with(|h| h.set(true));
}

/// This transaction's open relations: kept, or made (re-resolving the catalog once if its
/// cached OIDs went stale). None when the tables are not as the extension made them.
fn open_for_lookup() -> Option<Open> {
    register_hooks();
    let now = crate::context::local_transaction();
    if let Some(open) = OPEN.with(|o| o.borrow_mut().take()) {
        if open.transaction == now && open.generation == GENERATION.with(Cell::get) && !open.busy {
            return Some(open);
        }
        if open.transaction == now {
            // The catalog changed, or an error interrupted the last lookup: start afresh.
            // SAFETY: made in this transaction, which is still running.
            unsafe { open.release() };
        }
        // Else: from a transaction that has ended, which released everything.
    }
    for _ in 0..3 {
        let cat = match CATALOG.with(Cell::get) {
            Some(cat) => cat,
            None => {
                // SAFETY: catalog lookups inside a transaction.
                let cat = unsafe { resolve() }?;
                CATALOG.with(|c| c.set(Some(cat)));
                cat
            }
        };
        // SAFETY: see Open::new.
        if let Some(open) = unsafe { Open::new(cat) } {
            return Some(open);
        }
        // Stale or changed while we locked: forget it and look again.
        CATALOG.with(|c| c.set(None));
    }
    None
}

/// Probes `scan` for `key` (an equality on its index's only column), into `slot`; whether a
/// visible row was found.
unsafe fn probe(
    scan: pg_sys::IndexScanDesc,
    slot: *mut pg_sys::TupleTableSlot,
    equality: u32,
    key: Datum,
) -> bool {
    // SAFETY: the scan and slot belong to the open relations; the scan's snapshot was set
    // by the caller.
    unsafe {
        let mut scankey = pg_sys::ScanKeyData::default();
        pg_sys::ScanKeyInit(
            &mut scankey,
            1,
            pg_sys::BTEqualStrategyNumber as _,
            Oid::from(equality),
            key,
        );
        pg_sys::index_rescan(scan, &mut scankey, 1, std::ptr::null_mut(), 0);
        pg_sys::index_getnext_slot(scan, pg_sys::ScanDirection::ForwardScanDirection, slot)
    }
}

/// The row in `slot`, deformed up to its highest column read.
struct Row(*mut pg_sys::TupleTableSlot);

impl Row {
    unsafe fn deform<const N: usize>(
        slot: *mut pg_sys::TupleTableSlot,
        columns: &[AttrNumber; N],
    ) -> Row {
        let last = columns.iter().copied().max().unwrap_or(0);
        // SAFETY: the slot holds a row of the table the attribute numbers were resolved in.
        unsafe { pg_sys::slot_getsomeattrs(slot, last as _) };
        Row(slot)
    }

    /// A column, None when NULL.
    fn get(&self, attnum: AttrNumber) -> Option<Datum> {
        let i = attnum as usize - 1;
        // SAFETY: deform() filled tts_values/tts_isnull up to the highest attnum read.
        unsafe { (!*(*self.0).tts_isnull.add(i)).then(|| *(*self.0).tts_values.add(i)) }
    }
}

/// The bytes of a bytea or text datum (detoasted if it had to be; these are short).
unsafe fn bytes<'a>(d: Datum) -> &'a [u8] {
    // SAFETY: a varlena datum of a live slot; pg_detoast_datum_packed returns it as is
    // unless compressed or out of line.
    unsafe {
        let v = pg_sys::pg_detoast_datum_packed(d.cast_mut_ptr());
        std::slice::from_raw_parts(
            pgrx::vardata_any(v).cast::<u8>(),
            pgrx::varsize_any_exhdr(v),
        )
    }
}

/// A bytea of 32 bytes in place, for the scan key (4-byte varlena header).
#[repr(C, align(4))]
struct Bytea32 {
    header: u32,
    data: [u8; 32],
}

/// The row the SQL query returns for `digest` at `now`, with sessions last active at
/// `idle_cutoff` or before excluded; with the session's address and agent when `with_origin`
/// (authenticate() binds them to its transaction; validate_session() has no use for them).
pub fn lookup(
    digest: &[u8; 32],
    now: pg_sys::TimestampTz,
    idle_cutoff: pg_sys::TimestampTz,
    with_origin: bool,
) -> Lookup {
    let Some(mut open) = open_for_lookup() else {
        return Lookup::Unavailable;
    };
    // Kept marked busy while the probes run: an error between here and the end leaves it so,
    // and the next lookup of this transaction releases it and starts afresh.
    OPEN.with(|o| *o.borrow_mut() = Some(Open { busy: true, ..open }));
    // SAFETY: inside a transaction, on relations, slots and scans of this transaction. The
    // scans read with the snapshot pushed (or found) on the active stack, alive for the length
    // of this call; it is not kept past it, and the next call sets its own.
    let row = unsafe {
        let top = AsTopTransaction::enter();
        let pushed = push_query_snapshot();
        let snapshot = pg_sys::GetActiveSnapshot();
        for scan in open.scans {
            (*scan).xs_snapshot = snapshot;
        }
        let key = SnapshotKey::of(snapshot);
        if open.organization.is_some_and(|(k, ..)| Some(k) != key) {
            open.organization = None;
        }
        let mut probed = [false; 3];
        let row = find(
            &mut open,
            key,
            digest,
            (now, idle_cutoff),
            with_origin,
            &mut probed,
        );
        // Drop the buffer pins of the scans used: their slots' and their heap fetches' (a
        // btree scan under an MVCC snapshot keeps no pin on its index pages).
        for t in (0..3).filter(|&t| probed[t]) {
            pg_sys::ExecClearTuple(open.slots[t]);
            let scan = open.scans[t];
            let am = (*(*scan).heapRelation).rd_tableam;
            if let Some(reset) = (*am).index_fetch_reset {
                pg_sys::submodules::ffi::pg_guard_ffi_boundary(|| reset((*scan).xs_heapfetch));
            }
        }
        if pushed {
            pg_sys::PopActiveSnapshot();
        }
        drop(top);
        row
    };
    OPEN.with(|o| *o.borrow_mut() = Some(open));
    row.map_or(Lookup::NotFound, Lookup::Found)
}

/// Pushes the snapshot the SQL query would have read with, as SPI gives a volatile function's
/// query: a new one in READ COMMITTED, the transaction's in REPEATABLE READ and SERIALIZABLE,
/// both after the changes this statement has made so far (a session revoked a moment ago,
/// by another transaction or earlier in the same statement, is not found). The calling
/// statement's own snapshot would keep such a session valid to the statement's end. In a
/// parallel operation no new snapshot may be taken: the active one is read (false: nothing
/// pushed).
///
/// # Safety
/// Inside a transaction; the caller pops what was pushed before returning.
unsafe fn push_query_snapshot() -> bool {
    // SAFETY: as SPI does for a non-read-only query.
    unsafe {
        if pg_sys::IsInParallelMode() {
            if !pg_sys::ActiveSnapshotSet() {
                pg_sys::PushActiveSnapshot(pg_sys::GetTransactionSnapshot());
                return true;
            }
            return false;
        }
        pg_sys::CommandCounterIncrement();
        pg_sys::PushActiveSnapshot(pg_sys::GetTransactionSnapshot());
        pg_sys::UpdateActiveSnapshotCommandId();
        true
    }
}

/// The three probes and the conditions of the query.
unsafe fn find(
    open: &mut Open,
    key: Option<SnapshotKey>,
    digest: &[u8; 32],
    (now, idle_cutoff): (pg_sys::TimestampTz, pg_sys::TimestampTz),
    with_origin: bool,
    probed: &mut [bool; 3],
) -> Option<SessionRow> {
    let cat = open.cat;
    let [s_scan, u_scan, o_scan] = open.scans;
    let [s_slot, u_slot, o_slot] = open.slots;
    // SAFETY: see lookup().
    unsafe {
        let mut wanted = Bytea32 {
            header: 0,
            data: *digest,
        };
        const { assert!(std::mem::size_of::<Bytea32>() == 36) };
        pgrx::set_varsize_4b((&raw mut wanted).cast(), 36);
        probed[0] = true;
        if !probe(
            s_scan,
            s_slot,
            pg_sys::F_BYTEAEQ,
            Datum::from((&raw const wanted).cast::<u8>()),
        ) {
            return None;
        }
        let [
            s_id,
            s_user,
            s_org,
            s_digest,
            s_expires,
            s_revoked,
            s_activity,
            s_ip,
            s_agent,
        ] = cat.sessions.columns;
        let row = Row::deform(s_slot, &cat.sessions.columns);
        // The index answered for this digest; the row says so too.
        if row.get(s_digest).map(|d| bytes(d)) != Some(&digest[..]) || row.get(s_revoked).is_some()
        {
            return None;
        }
        let expires_at = row.get(s_expires)?.value() as i64;
        let last_activity_at = row.get(s_activity)?.value() as i64;
        if expires_at <= now || last_activity_at <= idle_cutoff {
            return None;
        }
        let session_id = row.get(s_id)?.value() as i64;
        let user_id = row.get(s_user)?.value() as i64;
        let organization_id = row.get(s_org)?.value() as i64;
        // Copied out now: the slot is reused by the next probe.
        let origin = with_origin.then(|| crate::origin::SessionOrigin {
            ip: row.get(s_ip).and_then(|d| {
                <pgrx::datum::Inet as pgrx::FromDatum>::from_datum(d, false).map(|i| i.0)
            }),
            user_agent: row
                .get(s_agent)
                .map(|d| String::from_utf8_lossy(bytes(d)).into_owned()),
        });

        let [u_id, u_status, u_deleted] = cat.users.columns;
        probed[1] = true;
        if !probe(u_scan, u_slot, pg_sys::F_INT8EQ, Datum::from(user_id)) {
            return None;
        }
        let row = Row::deform(u_slot, &cat.users.columns);
        if row.get(u_id).map(|d| d.value() as i64) != Some(user_id)
            || row.get(u_status).map(|d| bytes(d)) != Some(&b"active"[..])
            || row.get(u_deleted).is_some()
        {
            return None;
        }

        let (organization_active, organization_deleted) = match open.organization {
            Some((_, id, active, deleted)) if id == organization_id => (active, deleted),
            _ => {
                let [o_id, o_active, o_deleted] = cat.organizations.columns;
                probed[2] = true;
                if !probe(
                    o_scan,
                    o_slot,
                    pg_sys::F_INT8EQ,
                    Datum::from(organization_id),
                ) {
                    return None;
                }
                let row = Row::deform(o_slot, &cat.organizations.columns);
                if row.get(o_id).map(|d| d.value() as i64) != Some(organization_id) {
                    return None;
                }
                let active = row.get(o_active).is_some_and(|d| d.value() & 0xff != 0);
                let deleted = row.get(o_deleted).is_some();
                open.organization = key.map(|k| (k, organization_id, active, deleted));
                (active, deleted)
            }
        };
        Some(SessionRow {
            session_id,
            user_id,
            organization_id,
            last_activity_at,
            organization_active,
            organization_deleted,
            origin,
        })
    }
}
