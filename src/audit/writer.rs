//! Writes buffered audit rows into `audit_logs` the way COPY writes a batch: straight into the
//! month's partition with the table access method's multi-insert, then into each of its indexes.
//!
//! # Why not an INSERT statement?
//! An INSERT through SPI plans and sets up an executor per batch: for the one-row statements of
//! an OLTP transaction that set-up (planning, compiling expressions, CHECK constraints and
//! index predicates, partition routing structures, parsing JSON text back into jsonb) cost more
//! than writing the row. Here the values are already Datums (the trigger built the jsonb), and
//! the writer does what the executor would do for this table, and no more:
//!
//! - lock `audit_logs` and the partition the rows belong to (RowExclusiveLock, as INSERT does),
//!   routed by PostgreSQL's own range search over the partition bounds of `created_at`;
//! - fill the columns the INSERT filled, defaults included (`id` from `audit_logs_id_seq`,
//!   `created_at` the transaction's start, `metadata` '{}');
//! - insert the tuples with the table AM's multi_insert and each index entry with
//!   ExecInsertIndexTuples (unique checks, partial-index predicates, expression indexes).
//!
//! What an index needs to take entries (its IndexInfo, with its predicate and expressions
//! compiled) is built once per backend and index: an index's definition never changes under
//! its OID. What may change is refreshed on every batch: whether the index is ready for inserts
//! (CREATE INDEX CONCURRENTLY), and the access method's own cache (BRIN, GIN), which is rebuilt.
//! Index locks are kept to the end of the transaction, so a transaction's later statements find
//! them held.
//!
//! The partition's shape is checked on every batch against what this writer knows, so a
//! change to the table fails closed instead of being bypassed: an unknown column or a column of
//! another type is an error; NOT NULL or CHECK constraints other than the table's own are
//! evaluated by the executor's ExecConstraints; a row trigger on a partition (which this writer
//! would not fire) is an error. Row-level security does not apply: the rows are written with the
//! rights of the extension's owner, a superuser (the extension is not trusted).

use crate::error::OfficeError;
use pgrx::pg_sys;
use pgrx::prelude::*;
use rustc_hash::FxHashMap;
use std::cell::{Cell, RefCell};
use std::ffi::{CStr, c_char};
use std::rc::Rc;

/// One audit row as the trigger buffered it. Datums point into the buffer's memory context
/// (or, for per-table constants, into memory that lives as long as the backend).
pub(super) struct Row {
    pub organization_id: Option<i64>,
    pub action: Action,
    /// The schema-qualified table name as a text Datum.
    pub table: Option<pg_sys::Datum>,
    pub record_id: Option<[u8; 16]>,
    pub row_pk: Option<pg_sys::Datum>,
    pub old_data: Option<pg_sys::Datum>,
    pub new_data: Option<pg_sys::Datum>,
    pub changed: Option<Vec<String>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    Insert,
    Update,
    Delete,
    Truncate,
}

/// The columns of audit_logs with their types; `required` marks the NOT NULL ones (always
/// filled here).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    CreatedAt,
    OrganizationId,
    ActorUserId,
    SessionId,
    Action,
    TableName,
    RecordId,
    RowPk,
    OldData,
    NewData,
    ChangedColumns,
    IpAddress,
    UserAgent,
    Metadata,
}

const FIELDS: [(&CStr, Field, pg_sys::Oid, bool); 15] = [
    (c"id", Field::Id, pg_sys::INT8OID, true),
    (
        c"created_at",
        Field::CreatedAt,
        pg_sys::TIMESTAMPTZOID,
        true,
    ),
    (
        c"organization_id",
        Field::OrganizationId,
        pg_sys::INT8OID,
        false,
    ),
    (c"actor_user_id", Field::ActorUserId, pg_sys::INT8OID, false),
    (c"session_id", Field::SessionId, pg_sys::INT8OID, false),
    (c"action", Field::Action, pg_sys::TEXTOID, true),
    (c"table_name", Field::TableName, pg_sys::TEXTOID, false),
    (c"record_id", Field::RecordId, pg_sys::UUIDOID, false),
    (c"row_pk", Field::RowPk, pg_sys::JSONBOID, false),
    (c"old_data", Field::OldData, pg_sys::JSONBOID, false),
    (c"new_data", Field::NewData, pg_sys::JSONBOID, false),
    (
        c"changed_columns",
        Field::ChangedColumns,
        pg_sys::TEXTARRAYOID,
        false,
    ),
    (c"ip_address", Field::IpAddress, pg_sys::INETOID, false),
    (c"user_agent", Field::UserAgent, pg_sys::TEXTOID, false),
    (c"metadata", Field::Metadata, pg_sys::JSONBOID, true),
];

/// CHECK constraints of audit_logs that every row written here satisfies by construction:
/// the action is INSERT, UPDATE, DELETE or TRUNCATE, a table name is two identifiers of at most
/// 63 bytes, the user agent is cut to 1024 characters; and the routing picks the partition
/// whose range (its `<partition>_range` CHECK) holds created_at.
const KNOWN_CHECKS: [&CStr; 3] = [
    c"audit_logs_action_check",
    c"audit_logs_table_name_check",
    c"audit_logs_user_agent_check",
];

/// The prefix of PostgreSQL 15's PartitionKeyData (utils/partcache.h, which pgrx does not
/// bind) up to the fields the routing reads.
#[repr(C)]
struct PartitionKeyPrefix {
    strategy: c_char,
    partnatts: i16,
    partattrs: *mut pg_sys::AttrNumber,
    partexprs: *mut pg_sys::List,
    partopfamily: *mut pg_sys::Oid,
    partopcintype: *mut pg_sys::Oid,
    partsupfunc: *mut pg_sys::FmgrInfo,
    partcollation: *mut pg_sys::Oid,
    parttypid: *mut pg_sys::Oid,
}

// Server functions pgrx does not bind (their headers are not in its bindings). Called only
// through pg_guard_ffi_boundary, which turns an ERROR they raise into a Rust unwind.
unsafe extern "C-unwind" {
    fn RelationGetPartitionKey(rel: pg_sys::Relation) -> *mut PartitionKeyPrefix;
    fn nextval_internal(relid: pg_sys::Oid, check_permissions: bool) -> i64;
}

/// Server functions the writer calls many times in a row once the batch is ready, declared
/// here without pgrx's guard: they are called only inside the one pg_guard_ffi_boundary at the
/// end of `write_in_context`, which catches an ERROR from any of them, instead of paying for a
/// guard (sigsetjmp and a thread check) around each call.
mod unguarded {
    use pgrx::pg_sys;
    unsafe extern "C-unwind" {
        pub fn MemoryContextReset(context: pg_sys::MemoryContext);
        pub fn ExecInsertIndexTuples(
            result_rel_info: *mut pg_sys::ResultRelInfo,
            slot: *mut pg_sys::TupleTableSlot,
            estate: *mut pg_sys::EState,
            update: bool,
            no_dup_err: bool,
            spec_conflict: *mut bool,
            arbiter_indexes: *mut pg_sys::List,
        ) -> *mut pg_sys::List;
        pub fn ExecDropSingleTupleTableSlot(slot: *mut pg_sys::TupleTableSlot);
        pub fn index_close(relation: pg_sys::Relation, lockmode: pg_sys::LOCKMODE);
        pub fn FreeExecutorState(estate: *mut pg_sys::EState);
        pub fn table_close(relation: pg_sys::Relation, lockmode: pg_sys::LOCKMODE);
    }
}

fn partition_key(rel: pg_sys::Relation) -> *mut PartitionKeyPrefix {
    // SAFETY: a relcache accessor on an open relation, guarded like pgrx's own bindings.
    unsafe { pg_sys::ffi::pg_guard_ffi_boundary(|| RelationGetPartitionKey(rel)) }
}

fn next_id(sequence: pg_sys::Oid) -> i64 {
    // SAFETY: nextval() without the privilege check (the trail is written as its owner).
    unsafe { pg_sys::ffi::pg_guard_ffi_boundary(|| nextval_internal(sequence, false)) }
}

/// A shape of audit_logs this writer does not handle: fail closed (55000), never write around
/// it.
fn misconfigured(what: String) -> ! {
    pgrx::ereport!(
        PgLogLevel::ERROR,
        PgSqlErrorCode::ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
        format!("the audit trail cannot be written: {what}"),
        "The native audit writer handles audit_logs as the extension creates it."
    );
    unreachable!("an ERROR does not return")
}

/// Values every batch writes, made once per backend.
struct Constants {
    metadata: pg_sys::Datum,
    actions: [pg_sys::Datum; 4],
}

struct IndexCache {
    /// Long-lived: IndexInfo and compiled predicates and expressions, per index OID.
    cxt: pg_sys::MemoryContext,
    /// Executor state used only to compile expressions into `cxt`.
    estate: *mut pg_sys::EState,
    /// Keyed by the index's OID and the transaction that created its pg_index row, so an OID
    /// reused by another index after wraparound is never taken for the old one.
    infos: FxHashMap<(pg_sys::Oid, pg_sys::TransactionId), *mut pg_sys::IndexInfo>,
}

thread_local! {
    static CONSTANTS: Cell<Option<&'static Constants>> = const { Cell::new(None) };
    static CLIENT_ADDRESS: Cell<Option<Option<pg_sys::Datum>>> = const { Cell::new(None) };
    /// The officeauto schema, audit_logs, its id sequence and the attribute number of
    /// created_at; forgotten when the relcache reports a change to either relation.
    static RELATIONS: Cell<Option<AuditLogs>> = const { Cell::new(None) };
    /// Facts about partitions written to, each forgotten when the relcache reports a change to
    /// the partition or one of its indexes (new or dropped index, column, constraint, trigger).
    static PARTITIONS: RefCell<Vec<Rc<PartitionFacts>>> = const { RefCell::new(Vec::new()) };
    static PARTITIONS_STALE: Cell<bool> = const { Cell::new(false) };
    static INDEXES: RefCell<Option<IndexCache>> = const { RefCell::new(None) };
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct AuditLogs {
    namespace: pg_sys::Oid,
    parent: pg_sys::Oid,
    sequence: pg_sys::Oid,
    created_at: pg_sys::AttrNumber,
}

/// What a batch needs to know about its partition beyond what the relcache holds open.
struct PartitionFacts {
    relid: pg_sys::Oid,
    layout: Layout,
    /// The partition's indexes, each with the IndexInfo of its predicate when it is partial.
    indexes: Vec<(pg_sys::Oid, Option<*mut pg_sys::IndexInfo>)>,
}

/// Relcache invalidation callback: DDL on audit_logs, its sequence, a partition or one of its
/// indexes (in this backend or another), or a reset of the whole cache (InvalidOid), drops
/// what was remembered about them.
#[pg_guard]
unsafe extern "C-unwind" fn on_relcache(_arg: pg_sys::Datum, relid: pg_sys::Oid) {
    let all = relid == pg_sys::InvalidOid;
    if RELATIONS
        .with(|r| r.get())
        .is_some_and(|r| all || r.parent == relid || r.sequence == relid)
    {
        RELATIONS.with(|r| r.set(None));
    }
    // The list is borrowed only for moments without server calls, so this cannot find it
    // borrowed; were it to, everything is forgotten at the next lookup instead.
    PARTITIONS.with(|p| match p.try_borrow_mut() {
        Ok(mut p) => p.retain(|f| {
            !(all || f.relid == relid || f.indexes.iter().any(|&(oid, _)| oid == relid))
        }),
        Err(_) => PARTITIONS_STALE.with(|s| s.set(true)),
    });
}

pub(super) fn register_callbacks() {
    // SAFETY: called once per backend from _PG_init; the callback lives as long as the library.
    unsafe { pg_sys::CacheRegisterRelcacheCallback(Some(on_relcache), pg_sys::Datum::from(0)) };
}

fn constants() -> &'static Constants {
    if let Some(c) = CONSTANTS.with(|c| c.get()) {
        return c;
    }
    // SAFETY: values made in the current context and copied into the backend's top memory
    // context, never freed.
    let c = unsafe {
        let metadata = pgrx::direct_function_call_as_datum(
            pg_sys::jsonb_in,
            &[Some(pg_sys::Datum::from(c"{}".as_ptr()))],
        )
        .expect("jsonb_in returns a value");
        let keep = |d: pg_sys::Datum| super::copy_varlena(d, pg_sys::TopMemoryContext);
        Box::leak(Box::new(Constants {
            metadata: keep(metadata),
            actions: ["INSERT", "UPDATE", "DELETE", "TRUNCATE"].map(|a| keep(text_datum(a))),
        }))
    };
    CONSTANTS.with(|cell| cell.set(Some(c)));
    c
}

/// A text Datum in the current memory context.
pub(super) fn text_datum(s: &str) -> pg_sys::Datum {
    // SAFETY: copies the bytes into a palloc'd text value.
    pg_sys::Datum::from(unsafe {
        pg_sys::cstring_to_text_with_len(s.as_ptr().cast(), s.len() as i32)
    })
}

/// inet_client_addr(): the connection's remote address, NULL over a Unix socket or in a
/// process without a client. It is fixed for the life of the connection, so it is asked once
/// per backend and kept in its top memory context.
fn client_address() -> Option<pg_sys::Datum> {
    if let Some(known) = CLIENT_ADDRESS.with(|c| c.get()) {
        return known;
    }
    // SAFETY: inet_client_addr takes no argument and may return NULL; its result is copied
    // into memory that lives as long as the backend.
    let address = unsafe {
        pgrx::direct_function_call_as_datum(pg_sys::inet_client_addr, &[])
            .map(|d| super::copy_varlena(d, pg_sys::TopMemoryContext))
    };
    CLIENT_ADDRESS.with(|c| c.set(Some(address)));
    address
}

/// The request context, read once per batch as the INSERT statement did.
struct Request {
    actor: Option<i64>,
    session: Option<i64>,
    ip: Option<pg_sys::Datum>,
    user_agent: Option<pg_sys::Datum>,
}

impl Request {
    fn read() -> Result<Self, OfficeError> {
        let (actor, session) = crate::context::user_and_session()?;
        // current_client_ip(): this transaction's setting, else the authenticated session's
        // address, else the connection's (src/origin.rs).
        // SAFETY: inet's input function on a NUL-terminated string; the check hook of
        // officeauto.client_ip and the inet column behind a session's address make it valid.
        let ip = match crate::origin::client_ip().and_then(|t| std::ffi::CString::new(t).ok()) {
            Some(text) => unsafe {
                pgrx::direct_function_call_as_datum(
                    pg_sys::inet_in,
                    &[Some(pg_sys::Datum::from(text.as_ptr()))],
                )
            },
            None => client_address(),
        };
        // current_user_agent(): the same precedence, already cut to 1024 characters.
        // SAFETY: copies the bytes into a palloc'd text value.
        let user_agent = crate::origin::user_agent().map(|t| unsafe {
            pg_sys::Datum::from(pg_sys::cstring_to_text_with_len(
                t.as_ptr().cast(),
                t.len() as i32,
            ))
        });
        Ok(Request {
            actor,
            session,
            ip,
            user_agent,
        })
    }
}

/// audit_logs, opened and locked, with the facts about it. Statement-level INSERT triggers on
/// it (a DBA's forwarding or alerting, transition tables included) would fire for an INSERT but
/// not for this writer, so their presence is refused rather than silently skipped.
unsafe fn open_audit_logs(lock: pg_sys::LOCKMODE) -> (pg_sys::Relation, AuditLogs) {
    // SAFETY: reading the trigger descriptor of a relation opened and locked just now.
    unsafe {
        let (rel, known) = open_audit_logs_by_name(lock);
        let triggers = (*rel).trigdesc;
        if !triggers.is_null() {
            let t = &*triggers;
            if t.trig_insert_before_statement
                || t.trig_insert_after_statement
                || t.trig_insert_new_table
            {
                misconfigured(format!(
                    "{} has statement-level INSERT triggers, which the native writer does not fire",
                    relation_name(rel)
                ));
            }
        }
        (rel, known)
    }
}

/// The OIDs are remembered per backend until the relcache reports a change to audit_logs or
/// its sequence (the extension may have been dropped and created again); the name is checked
/// all the same.
unsafe fn open_audit_logs_by_name(lock: pg_sys::LOCKMODE) -> (pg_sys::Relation, AuditLogs) {
    unsafe {
        if let Some(known) = RELATIONS.with(|r| r.get()) {
            let rel = pg_sys::try_table_open(known.parent, lock);
            if !rel.is_null() {
                let class = &*(*rel).rd_rel;
                // Taking the lock accepted pending invalidations: the facts still hold only if
                // the callback left them in place.
                if CStr::from_ptr(class.relname.data.as_ptr()) == c"audit_logs"
                    && class.relnamespace == known.namespace
                    && RELATIONS.with(|r| r.get()) == Some(known)
                {
                    return (rel, known);
                }
                pg_sys::table_close(rel, lock);
            }
        }
        let namespace = pg_sys::get_namespace_oid(c"officeauto".as_ptr(), false);
        let parent = pg_sys::get_relname_relid(c"audit_logs".as_ptr(), namespace);
        let sequence = pg_sys::get_relname_relid(c"audit_logs_id_seq".as_ptr(), namespace);
        if parent == pg_sys::InvalidOid || sequence == pg_sys::InvalidOid {
            misconfigured("officeauto.audit_logs or its id sequence is missing".into());
        }
        let rel = pg_sys::table_open(parent, lock);
        let known = AuditLogs {
            namespace,
            parent,
            sequence,
            created_at: pg_sys::get_attnum(parent, c"created_at".as_ptr()),
        };
        RELATIONS.with(|r| r.set(Some(known)));
        (rel, known)
    }
}

/// Where each column of the partition comes from, and whether the executor has to check
/// constraints this writer does not know.
struct Layout {
    fields: Vec<Option<Field>>,
    check_constraints: bool,
}

unsafe fn relation_name(rel: pg_sys::Relation) -> String {
    unsafe { CStr::from_ptr((*(*rel).rd_rel).relname.data.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

unsafe fn layout(part: pg_sys::Relation) -> Layout {
    let desc = unsafe { (*part).rd_att };
    let natts = unsafe { (*desc).natts } as usize;
    let mut fields = Vec::with_capacity(natts);
    let mut check_constraints = false;
    let mut seen = 0;
    for i in 0..natts {
        let att = unsafe { &*(*desc).attrs.as_ptr().add(i) };
        if att.attisdropped {
            fields.push(None);
            continue;
        }
        let col = unsafe { CStr::from_ptr(att.attname.data.as_ptr()) };
        let Some(&(_, field, typid, required)) = FIELDS.iter().find(|f| f.0 == col) else {
            misconfigured(format!(
                "{} has a column {col:?} it does not fill",
                unsafe { relation_name(part) }
            ));
        };
        if att.atttypid != typid {
            misconfigured(format!("column {col:?} of {} has another type", unsafe {
                relation_name(part)
            }));
        }
        check_constraints |= att.attnotnull && !required;
        seen += 1;
        fields.push(Some(field));
    }
    if seen != FIELDS.len() {
        misconfigured(format!("{} lacks some of audit_logs' columns", unsafe {
            relation_name(part)
        }));
    }
    let constr = unsafe { (*desc).constr };
    if !constr.is_null() {
        let name = unsafe { CStr::from_ptr((*(*part).rd_rel).relname.data.as_ptr()) }.to_bytes();
        for i in 0..unsafe { (*constr).num_check } as usize {
            let ccname = unsafe { CStr::from_ptr((*(*constr).check.add(i)).ccname) };
            let range = ccname.to_bytes().strip_suffix(b"_range") == Some(name);
            check_constraints |= !range && !KNOWN_CHECKS.contains(&ccname);
        }
    }
    if unsafe { (*(*part).rd_rel).relkind } != pg_sys::RELKIND_RELATION as c_char {
        misconfigured(format!("{} is not a plain table", unsafe {
            relation_name(part)
        }));
    }
    let triggers = unsafe { (*part).trigdesc };
    if !triggers.is_null() {
        let t = unsafe { &*triggers };
        if t.trig_insert_before_row || t.trig_insert_after_row || t.trig_insert_instead_row {
            misconfigured(format!(
                "{} has row triggers, which the native writer does not fire",
                unsafe { relation_name(part) }
            ));
        }
    }
    Layout {
        fields,
        check_constraints,
    }
}

/// The partition of `parent` that holds rows created at `created_at`: PostgreSQL's range
/// search over the partition bounds (get_partition_for_tuple), the default partition when no
/// range holds it. Partitions being detached concurrently are left out as the executor leaves
/// them out for data modification (unless the transaction uses a snapshot for its whole life).
unsafe fn route(
    parent: pg_sys::Relation,
    created_at_att: pg_sys::AttrNumber,
    created_at: pg_sys::TimestampTz,
) -> pg_sys::Oid {
    let key = partition_key(parent);
    let by_created_at = !key.is_null()
        && unsafe {
            (*key).strategy == pg_sys::PARTITION_STRATEGY_RANGE as c_char
                && (*key).partnatts == 1
                && *(*key).partattrs == created_at_att
                && *(*key).parttypid == pg_sys::TIMESTAMPTZOID
        };
    if !by_created_at {
        misconfigured("audit_logs is not partitioned by range of created_at".into());
    }
    let omit_detached = unsafe { pg_sys::XactIsoLevel } < pg_sys::XACT_REPEATABLE_READ as i32;
    let desc = unsafe { pg_sys::RelationGetPartitionDesc(parent, omit_detached) };
    let bounds = unsafe { (*desc).boundinfo };
    let mut index = -1;
    if !bounds.is_null() {
        let mut value = pg_sys::Datum::from(created_at);
        let mut equal = false;
        let offset = unsafe {
            pg_sys::partition_range_datum_bsearch(
                (*key).partsupfunc,
                (*key).partcollation,
                bounds,
                1,
                &mut value,
                &mut equal,
            )
        };
        // The bound at `offset` is at most the value, so the one after it is the upper bound
        // of the partition holding it, if any.
        index = unsafe { *(*bounds).indexes.add((offset + 1) as usize) };
        if index < 0 {
            index = unsafe { (*bounds).default_index };
        }
    }
    if index < 0 {
        // What the executor answers for a row no partition takes.
        pgrx::ereport!(
            PgLogLevel::ERROR,
            PgSqlErrorCode::ERRCODE_CHECK_VIOLATION,
            "no partition of relation \"audit_logs\" found for row"
        );
    }
    let index = index as usize;
    if !unsafe { *(*desc).is_leaf.add(index) } {
        misconfigured("a partition of audit_logs is itself partitioned".into());
    }
    unsafe { *(*desc).oids.add(index) }
}

/// Whether an index is partial, with the cached IndexInfo of its predicate if it is, when the
/// cache holds the index that now has this OID (checked against its pg_index row, read from
/// the catalog cache without opening or locking the index); None when it does not.
unsafe fn cached_index_kind(oid: pg_sys::Oid) -> Option<Option<*mut pg_sys::IndexInfo>> {
    let info = INDEXES.with(|cache| unsafe {
        let cache = cache.borrow();
        let cache = cache.as_ref()?;
        let tuple = pg_sys::SearchSysCache1(
            pg_sys::SysCacheIdentifier::INDEXRELID as i32,
            pg_sys::Datum::from(oid),
        );
        if tuple.is_null() {
            return None;
        }
        let xmin = (*(*tuple).t_data).t_choice.t_heap.t_xmin;
        pg_sys::ReleaseSysCache(tuple);
        cache.infos.get(&(oid, xmin)).copied()
    })?;
    // SAFETY: an IndexInfo from the cache, which lives as long as the backend.
    Some((!unsafe { (*info).ii_PredicateState }.is_null()).then_some(info))
}

/// The facts about an open partition: remembered ones, else worked out now. They are
/// remembered once the kind of every index is known, which it is after a first batch has
/// opened them all.
unsafe fn partition_facts(part: pg_sys::Relation) -> Rc<PartitionFacts> {
    let relid = unsafe { (*part).rd_id };
    if PARTITIONS_STALE.with(|s| s.replace(false)) {
        PARTITIONS.with(|p| p.borrow_mut().clear());
    }
    let known = PARTITIONS.with(|p| p.borrow().iter().find(|f| f.relid == relid).cloned());
    if let Some(facts) = known {
        return facts;
    }
    let layout = unsafe { layout(part) };
    let list = unsafe { pg_sys::RelationGetIndexList(part) };
    let cells = if list.is_null() {
        &[][..]
    } else {
        unsafe { std::slice::from_raw_parts((*list).elements, (*list).length as usize) }
    };
    let mut complete = true;
    let indexes = cells
        .iter()
        .map(|cell| {
            let oid = unsafe { cell.oid_value };
            let kind = unsafe { cached_index_kind(oid) };
            complete &= kind.is_some();
            (oid, kind.flatten())
        })
        .collect();
    let facts = Rc::new(PartitionFacts {
        relid,
        layout,
        indexes,
    });
    if complete {
        PARTITIONS.with(|p| p.borrow_mut().push(facts.clone()));
    }
    facts
}

/// The IndexInfo of an open index, from the per-backend cache, made ready for this batch.
unsafe fn index_info(
    index: pg_sys::Relation,
    batch_cxt: pg_sys::MemoryContext,
) -> *mut pg_sys::IndexInfo {
    INDEXES.with(|cache| {
        let mut cache = cache.borrow_mut();
        // SAFETY: the cache's context is a child of TopMemoryContext, never freed; everything
        // compiled into it depends only on the index's definition, fixed for its OID.
        unsafe {
            let cache = cache.get_or_insert_with(|| {
                let cxt = pg_sys::AllocSetContextCreateInternal(
                    pg_sys::TopMemoryContext,
                    c"officeauto audit index info".as_ptr(),
                    0,
                    pg_sys::ALLOCSET_DEFAULT_INITSIZE as usize,
                    pg_sys::ALLOCSET_DEFAULT_MAXSIZE as usize,
                );
                let old = pg_sys::MemoryContextSwitchTo(cxt);
                let estate = pg_sys::CreateExecutorState();
                pg_sys::MemoryContextSwitchTo(old);
                IndexCache {
                    cxt,
                    estate,
                    infos: FxHashMap::default(),
                }
            });
            let key = (
                (*index).rd_id,
                (*(*(*index).rd_indextuple).t_data).t_choice.t_heap.t_xmin,
            );
            let info = match cache.infos.get(&key) {
                Some(&info) => info,
                None => {
                    let old = pg_sys::MemoryContextSwitchTo(cache.cxt);
                    let info = pg_sys::BuildIndexInfo(index);
                    if !(*info).ii_Predicate.is_null() {
                        (*info).ii_PredicateState =
                            pg_sys::ExecPrepareQual((*info).ii_Predicate, cache.estate);
                    }
                    if !(*info).ii_Expressions.is_null() {
                        (*info).ii_ExpressionsState =
                            pg_sys::ExecPrepareExprList((*info).ii_Expressions, cache.estate);
                    }
                    pg_sys::MemoryContextSwitchTo(old);
                    cache.infos.insert(key, info);
                    info
                }
            };
            // What may differ from one batch to the next.
            (*info).ii_ReadyForInserts = (*(*index).rd_index).indisready;
            (*info).ii_AmCache = std::ptr::null_mut();
            (*info).ii_Context = batch_cxt;
            (*info).ii_CheckedUnchanged = false;
            (*info).ii_IndexUnchanged = false;
            info
        }
    })
}

unsafe fn uuid_datum(bytes: &[u8; 16]) -> pg_sys::Datum {
    unsafe {
        let p = pg_sys::palloc(16) as *mut u8;
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, 16);
        pg_sys::Datum::from(p)
    }
}

unsafe fn text_array_datum(items: &[String]) -> pg_sys::Datum {
    unsafe {
        if items.is_empty() {
            return pg_sys::Datum::from(pg_sys::construct_empty_array(pg_sys::TEXTOID));
        }
        let mut elems: Vec<pg_sys::Datum> = items.iter().map(|s| text_datum(s)).collect();
        pg_sys::Datum::from(pg_sys::construct_array(
            elems.as_mut_ptr(),
            elems.len() as i32,
            pg_sys::TEXTOID,
            -1,
            false,
            pg_sys::TYPALIGN_INT as c_char,
        ))
    }
}

/// Writes `rows` into audit_logs. Allocates in the current memory context: the triggers call it
/// in the executor's per-event context, which is reset when they return.
pub(super) fn write(rows: &[Row]) -> Result<(), OfficeError> {
    if rows.is_empty() {
        return Ok(());
    }
    let request = Request::read()?;
    // SAFETY: server calls in a transaction, on relations locked for the rest of it; every
    // pointer below stays inside the current memory context or the executor state.
    unsafe { write_in_context(rows, &request, pg_sys::CurrentMemoryContext) };
    Ok(())
}

unsafe fn write_in_context(rows: &[Row], request: &Request, cxt: pg_sys::MemoryContext) {
    unsafe {
        let constants = constants();
        let lock = pg_sys::RowExclusiveLock as pg_sys::LOCKMODE;
        let (parent, audit_logs) = open_audit_logs(lock);
        let sequence = audit_logs.sequence;
        let created_at = pg_sys::GetCurrentTransactionStartTimestamp();
        let part = pg_sys::table_open(route(parent, audit_logs.created_at, created_at), lock);
        // After the partition's lock: invalidations it accepted have been applied.
        let facts = partition_facts(part);
        let layout = &facts.layout;

        let estate = pg_sys::CreateExecutorState();
        let rri = pg_sys::palloc0(std::mem::size_of::<pg_sys::ResultRelInfo>())
            as *mut pg_sys::ResultRelInfo;
        pg_sys::InitResultRelInfo(rri, part, 0, std::ptr::null_mut(), 0);
        let cid = pg_sys::GetCurrentCommandId(true);
        let natts = layout.fields.len();
        let mut slots: Vec<*mut pg_sys::TupleTableSlot> = Vec::with_capacity(rows.len());
        for row in rows {
            let slot = pg_sys::table_slot_create(part, std::ptr::null_mut());
            let values = std::slice::from_raw_parts_mut((*slot).tts_values, natts);
            let nulls = std::slice::from_raw_parts_mut((*slot).tts_isnull, natts);
            for (i, field) in layout.fields.iter().enumerate() {
                let value = match field {
                    None => None,
                    Some(Field::Id) => Some(pg_sys::Datum::from(next_id(sequence))),
                    Some(Field::CreatedAt) => Some(pg_sys::Datum::from(created_at)),
                    Some(Field::OrganizationId) => row.organization_id.map(pg_sys::Datum::from),
                    Some(Field::ActorUserId) => request.actor.map(pg_sys::Datum::from),
                    Some(Field::SessionId) => request.session.map(pg_sys::Datum::from),
                    Some(Field::Action) => Some(constants.actions[row.action as usize]),
                    Some(Field::TableName) => row.table,
                    Some(Field::RecordId) => row.record_id.as_ref().map(|r| uuid_datum(r)),
                    Some(Field::RowPk) => row.row_pk,
                    Some(Field::OldData) => row.old_data,
                    Some(Field::NewData) => row.new_data,
                    Some(Field::ChangedColumns) => {
                        row.changed.as_deref().map(|c| text_array_datum(c))
                    }
                    Some(Field::IpAddress) => request.ip,
                    Some(Field::UserAgent) => request.user_agent,
                    Some(Field::Metadata) => Some(constants.metadata),
                };
                nulls[i] = value.is_none();
                values[i] = value.unwrap_or(pg_sys::Datum::from(0usize));
            }
            pg_sys::ExecStoreVirtualTuple(slot);
            if layout.check_constraints {
                pg_sys::ExecConstraints(rri, slot, estate);
            }
            slots.push(slot);
        }
        // ExecOpenIndices, with the IndexInfo from the cache and the locks kept to the end of
        // the transaction. A partial index that no row of the batch enters (event metadata and
        // the history indexes, for most row changes) is left alone: not opened, not locked.
        let econtext = pg_sys::MakePerTupleExprContext(estate);
        let mut descs: Vec<pg_sys::Relation> = Vec::with_capacity(facts.indexes.len());
        let mut infos: Vec<*mut pg_sys::IndexInfo> = Vec::with_capacity(facts.indexes.len());
        for &(oid, partial) in &facts.indexes {
            if let Some(info) = partial {
                let entered = slots.iter().any(|&slot| {
                    (*econtext).ecxt_scantuple = slot;
                    let yes = pg_sys::ExecQual((*info).ii_PredicateState, econtext);
                    pg_sys::MemoryContextReset((*econtext).ecxt_per_tuple_memory);
                    yes
                });
                if !entered {
                    continue;
                }
            }
            let index = pg_sys::index_open(oid, lock);
            descs.push(index);
            infos.push(index_info(index, cxt));
        }
        (*rri).ri_NumIndices = descs.len() as i32;
        (*rri).ri_IndexRelationDescs = descs.as_mut_ptr();
        (*rri).ri_IndexRelationInfo = infos.as_mut_ptr();

        let multi_insert = (*(*part).rd_tableam)
            .multi_insert
            .expect("a table access method inserts");
        let count = slots.len() as i32;
        let per_tuple = (*econtext).ecxt_per_tuple_memory;
        let no_lock = pg_sys::NoLock as pg_sys::LOCKMODE;
        // One guarded region for the rest of the batch. Nothing in it panics or owns anything
        // with a destructor: only calls into the server on pointers and slices made above, so
        // an ERROR from any of them unwinds from here like one from a guarded call.
        pg_sys::ffi::pg_guard_ffi_boundary(|| {
            multi_insert(
                part,
                slots.as_ptr().cast_mut(),
                count,
                cid,
                0,
                std::ptr::null_mut(),
            );
            for &slot in &slots {
                unguarded::MemoryContextReset(per_tuple);
                unguarded::ExecInsertIndexTuples(
                    rri,
                    slot,
                    estate,
                    false,
                    false,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                );
            }
            for &slot in &slots {
                unguarded::ExecDropSingleTupleTableSlot(slot);
            }
            // Locks stay until the end of the transaction, as the executor keeps the table's.
            for &index in &descs {
                unguarded::index_close(index, no_lock);
            }
            unguarded::FreeExecutorState(estate);
            unguarded::table_close(part, no_lock);
            unguarded::table_close(parent, no_lock);
        });
    }
}
