//! The audit trail's hot path: `audit_trigger()`, a native row trigger that records one
//! `audit_logs` row per INSERT, UPDATE and DELETE, and `audit_flush_trigger()`, the statement
//! trigger that writes the rows buffered during the statement.
//!
//! # How a row becomes JSON
//! `old_data` and `new_data` are exactly what `to_jsonb(row)` returns, built straight from the
//! row's values with PostgreSQL's own jsonb builder (`json`): numbers, booleans, arrays,
//! composites, domains, ranges, json and jsonb, timestamps, with no text round trip. Redacted
//! columns are written as `[redacted]`: their values never reach the converter.
//!
//! # What the trigger checks before copying anything
//! The row's size (its columns as stored, uncompressed; redacted columns do not count) is
//! compared with officeauto.audit_max_row_bytes before the row is read or copied, so an
//! oversized row costs an error (54000), not memory. Every copy of row data is palloc'd: memory
//! that cannot be had is PostgreSQL's out-of-memory error (53200), never an abort.
//!
//! # Which columns changed
//! Old and new values are compared as stored (after detoasting), the way PostgreSQL's own
//! `suppress_redundant_updates_trigger` compares rows: no value is converted to text for it.
//!
//! Per-table facts (columns, key, redaction, the converter) are computed once per backend and
//! trigger; rows wait in a buffer until the statement ends and are then written in one batch by
//! `writer`.

mod json;
mod writer;

use crate::error::OfficeError;
use crate::gucs;
use officeauto_core::audit::{self, ALWAYS_SECRET, JsonKind};
use pgrx::pg_sys;
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use pgrx::search_path;
use rustc_hash::FxHashMap;
use std::cell::{Cell, RefCell};
use std::ffi::{CStr, CString};
use std::rc::Rc;
use writer::Action;

struct Column {
    name: String,
    /// The name again, NUL-terminated, as the jsonb builder takes it.
    name_c: CString,
    /// Position in the table's tuple descriptor.
    index: usize,
    typid: pg_sys::Oid,
    len: i16,
    byval: bool,
    /// For the primary key's JSON and a non-integer organization column.
    output_fn: pg_sys::Oid,
    kind: JsonKind,
    /// How to_jsonb writes this column's values.
    plan: json::Plan,
    secret: bool,
}

struct TableInfo {
    relid: pg_sys::Oid,
    qualified: Rc<str>,
    /// `qualified` as a text Datum, in memory that lives as long as the backend.
    table_text: pg_sys::Datum,
    natts: usize,
    /// Live columns in table order; dropped ones are skipped.
    columns: Vec<Column>,
    /// Positions in `columns` in the order jsonb keeps keys, the order rows are built in.
    json_order: Vec<usize>,
    /// Positions in `columns` of the primary key, in key order.
    pk: Vec<usize>,
    /// Whether the key is one integer column, whose JSON is written directly.
    int_key: bool,
    /// Position in `columns` of organization_id (or of id for the organizations table).
    organization: Option<usize>,
    log_noop_updates: Option<bool>,
}

/// Statements flush their rows when they end; a statement changing many rows flushes every
/// `FLUSH_AT` rows or `FLUSH_AT_BYTES` of JSON, so the buffer stays small.
const FLUSH_AT: usize = 1000;
const FLUSH_AT_BYTES: usize = 8 << 20;

/// Maintained by the row_conventions trigger on every UPDATE: not a change of content, so they
/// neither count as changed nor make a no-op worth logging.
const BOOKKEEPING_COLUMNS: [&str; 2] = ["updated_at", "version"];

struct Pending {
    subxact: pg_sys::SubTransactionId,
    row: writer::Row,
}

thread_local! {
    static TABLES: RefCell<FxHashMap<(pg_sys::Oid, usize), Rc<TableInfo>>> = RefCell::new(FxHashMap::default());
    // Set when an invalidation arrived while TABLES was borrowed: forget every entry.
    static TABLES_STALE: Cell<bool> = const { Cell::new(false) };
    static TABLES_CALLBACK: Cell<bool> = const { Cell::new(false) };
    static PENDING: RefCell<Vec<Pending>> = const { RefCell::new(Vec::new()) };
    static PENDING_BYTES: Cell<usize> = const { Cell::new(0) };
    /// Memory context holding the buffered rows' Datums, and the local transaction it belongs
    /// to (a child of TopTransactionContext, so it goes away with the transaction by itself).
    static BUFFER: Cell<(pg_sys::MemoryContext, u32)> = const { Cell::new((std::ptr::null_mut(), 0)) };
}

/// Keeps the buffer consistent with the transaction: rows of an aborted (sub)transaction are
/// dropped, rows of a committed subtransaction now belong to its parent, and a commit with rows
/// still buffered (a flush trigger removed by hand) fails rather than losing them.
#[pg_guard]
unsafe extern "C-unwind" fn on_xact(event: pg_sys::XactEvent::Type, _arg: *mut std::ffi::c_void) {
    match event {
        pg_sys::XactEvent::XACT_EVENT_ABORT | pg_sys::XactEvent::XACT_EVENT_PARALLEL_ABORT => {
            discard_pending();
        }
        pg_sys::XactEvent::XACT_EVENT_PRE_COMMIT | pg_sys::XactEvent::XACT_EVENT_PRE_PREPARE
            if PENDING.with(|p| !p.borrow().is_empty()) =>
        {
            discard_pending();
            pgrx::error!(
                "officeauto: audit rows were not written (the officeauto_audit_flush trigger is missing); re-run enable_audit()"
            );
        }
        _ => {}
    }
}

fn discard_pending() {
    PENDING.with(|p| p.borrow_mut().clear());
    PENDING_BYTES.with(|b| b.set(0));
}

#[pg_guard]
unsafe extern "C-unwind" fn on_subxact(
    event: pg_sys::SubXactEvent::Type,
    my_subid: pg_sys::SubTransactionId,
    parent_subid: pg_sys::SubTransactionId,
    _arg: *mut std::ffi::c_void,
) {
    PENDING.with(|p| {
        crate::context::follow_subtransaction(
            &mut p.borrow_mut(),
            |r| &mut r.subxact,
            event,
            my_subid,
            parent_subid,
        )
    });
}

pub fn register_callbacks() {
    // SAFETY: called once per backend from _PG_init; the callbacks live as long as the library.
    unsafe {
        pg_sys::RegisterXactCallback(Some(on_xact), std::ptr::null_mut());
        pg_sys::RegisterSubXactCallback(Some(on_subxact), std::ptr::null_mut());
    }
    writer::register_callbacks();
}

/// The memory context buffered Datums live in until their flush.
fn buffer_context() -> pg_sys::MemoryContext {
    let transaction = crate::context::local_transaction();
    let (cxt, owner) = BUFFER.with(|b| b.get());
    if !cxt.is_null() && owner == transaction {
        return cxt;
    }
    // SAFETY: a child of the transaction's top context, deleted at the latest with it.
    let cxt = unsafe {
        pg_sys::AllocSetContextCreateInternal(
            pg_sys::TopTransactionContext,
            c"officeauto audit buffer".as_ptr(),
            0,
            pg_sys::ALLOCSET_DEFAULT_INITSIZE as usize,
            pg_sys::ALLOCSET_DEFAULT_MAXSIZE as usize,
        )
    };
    BUFFER.with(|b| b.set((cxt, transaction)));
    cxt
}

fn flush() -> Result<(), OfficeError> {
    let rows = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    PENDING_BYTES.with(|b| b.set(0));
    if rows.is_empty() {
        return Ok(());
    }
    let rows: Vec<writer::Row> = rows.into_iter().map(|p| p.row).collect();
    writer::write(&rows)?;
    drop(rows);
    let (cxt, owner) = BUFFER.with(|b| b.get());
    if !cxt.is_null() && owner == crate::context::local_transaction() {
        // SAFETY: nothing refers to the buffered Datums any more. Emptied rather than deleted:
        // the transaction's next statements buffer their rows in it again.
        unsafe { pg_sys::MemoryContextReset(cxt) };
    }
    Ok(())
}

/// The JSON rendering of a primary key column's text output (record ids hash it).
fn json_kind(typid: pg_sys::Oid) -> JsonKind {
    match typid {
        pg_sys::INT2OID
        | pg_sys::INT4OID
        | pg_sys::INT8OID
        | pg_sys::FLOAT4OID
        | pg_sys::FLOAT8OID
        | pg_sys::NUMERICOID
        | pg_sys::OIDOID => JsonKind::Number,
        pg_sys::BOOLOID => JsonKind::Bool,
        pg_sys::JSONOID | pg_sys::JSONBOID => JsonKind::Json,
        _ => JsonKind::Text,
    }
}

/// Options given to enable_audit(), passed to the trigger as its argument.
fn parse_options(args: &[String]) -> (Vec<String>, Option<bool>) {
    let Some(v) = args
        .first()
        .and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok())
    else {
        return (Vec::new(), None);
    };
    let exclude = v
        .get("exclude")
        .and_then(|e| e.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    (exclude, v.get("log_noop_updates").and_then(|b| b.as_bool()))
}

/// Forgets what was cached about a table whose relcache entry was invalidated: a column or
/// the table renamed (a descriptor may keep its address then, or a new one take a freed
/// one's), a primary key changed. Names decide redaction, so a stale entry could write a
/// column renamed to a secret name in clear.
#[pgrx::pg_guard]
unsafe extern "C-unwind" fn forget_table(_arg: pg_sys::Datum, relid: pg_sys::Oid) {
    let done = TABLES.with(|m| match m.try_borrow_mut() {
        Ok(mut m) if relid == pg_sys::InvalidOid => {
            m.clear();
            true
        }
        Ok(mut m) => {
            m.retain(|_, t| t.relid != relid);
            true
        }
        Err(_) => false,
    });
    if !done {
        TABLES_STALE.with(|s| s.set(true));
    }
}

unsafe fn table_info(trigger: &PgTrigger) -> Result<Rc<TableInfo>, OfficeError> {
    let td = trigger.trigger_data();
    let rel = td.tg_relation;
    let tupdesc = unsafe { (*rel).rd_att };
    let tgoid = trigger.trigger().tgoid;
    if !TABLES_CALLBACK.with(|c| c.replace(true)) {
        // SAFETY: registering a relcache callback once per backend, before anything is cached.
        unsafe {
            pg_sys::CacheRegisterRelcacheCallback(Some(forget_table), pg_sys::Datum::from(0))
        };
    }
    if TABLES_STALE.with(|s| s.replace(false)) {
        TABLES.with(|m| m.borrow_mut().clear());
    }
    // Entries go with the table's relcache invalidations (forget_table). The descriptor's
    // address and shape are checked as well, as a second line.
    let key = (tgoid, tupdesc as usize);
    if let Some(t) = TABLES.with(|m| m.borrow().get(&key).cloned())
        && unsafe { same_shape(&t, tupdesc) }
    {
        return Ok(t);
    }
    let relid = unsafe { (*rel).rd_id };
    // A row trigger of a partitioned table runs cloned on each partition, with the partition as
    // its relation. Audit rows name the table the application writes (the root of the tree), so
    // record ids and histories do not depend on which partition holds a row; looked up once per
    // partition and kept with the rest of these facts.
    // SAFETY: the trigger's relation, open and locked by the statement.
    let qualified = if unsafe { (*(*rel).rd_rel).relispartition } {
        partition_root_name(relid)?
    } else {
        qualified_name(trigger)?
    };
    let args = trigger.extra_args().unwrap_or_default();
    let (exclude, log_noop_updates) = parse_options(&args);
    let pk_names: Vec<String> = Spi::get_one_with_args::<Vec<String>>(
        // Schema-qualified throughout: the trigger runs with the caller's search_path.
        "SELECT COALESCE((SELECT pg_catalog.array_agg(CAST(a.attname AS pg_catalog.text) ORDER BY k.ord)
                            FROM pg_catalog.pg_index i
                           CROSS JOIN LATERAL pg_catalog.unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                           WHERE i.indrelid = $1 AND i.indisprimary), CAST('{}' AS pg_catalog.text[]))",
        &[relid.into()],
    )?
    .unwrap_or_default();
    let natts = unsafe { (*tupdesc).natts } as usize;
    let mut columns = Vec::with_capacity(natts);
    for i in 0..natts {
        let att = unsafe { &*(*tupdesc).attrs.as_ptr().add(i) };
        if att.attisdropped {
            continue;
        }
        let name = unsafe { CStr::from_ptr(att.attname.data.as_ptr()) }
            .to_string_lossy()
            .into_owned();
        let mut output_fn = pg_sys::InvalidOid;
        let mut varlena = false;
        unsafe { pg_sys::getTypeOutputInfo(att.atttypid, &mut output_fn, &mut varlena) };
        let secret = ALWAYS_SECRET.contains(&name.as_str()) || exclude.contains(&name);
        columns.push(Column {
            name_c: CString::new(name.as_str()).expect("column names have no NUL"),
            index: i,
            typid: att.atttypid,
            len: att.attlen,
            byval: att.attbyval,
            output_fn,
            kind: json_kind(att.atttypid),
            plan: unsafe { json::plan(att.atttypid) },
            secret,
            name,
        });
    }
    let pos = |n: &str| columns.iter().position(|c| c.name == n);
    let pk: Vec<usize> = pk_names.iter().filter_map(|n| pos(n)).collect();
    let int_key = pk.len() == 1 && matches!(columns[pk[0]].plan, json::Plan::Int(_));
    let mut json_order: Vec<usize> = (0..columns.len()).collect();
    json_order.sort_by(|&a, &b| json::key_order(&columns[a].name_c, &columns[b].name_c));
    let organization = if &*qualified == "officeauto.organizations" {
        pos("id")
    } else {
        pos("organization_id")
    };
    // SAFETY: a copy in the backend's top memory context, kept with the table's facts.
    let table_text =
        unsafe { copy_varlena(writer::text_datum(&qualified), pg_sys::TopMemoryContext) };
    let info = Rc::new(TableInfo {
        relid,
        qualified,
        table_text,
        natts,
        columns,
        json_order,
        pk,
        int_key,
        organization,
        log_noop_updates,
    });
    TABLES.with(|m| {
        let mut m = m.borrow_mut();
        // Facts about an older shape of the table are of no further use.
        m.retain(|(t, _), _| *t != tgoid);
        m.insert(key, info.clone());
    });
    Ok(info)
}

/// Whether a tuple descriptor still has the columns `info` was computed for.
unsafe fn same_shape(info: &TableInfo, tupdesc: pg_sys::TupleDesc) -> bool {
    let natts = unsafe { (*tupdesc).natts } as usize;
    let live = (0..natts)
        .filter(|&i| unsafe { !(*(*tupdesc).attrs.as_ptr().add(i)).attisdropped })
        .count();
    natts == info.natts
        && live == info.columns.len()
        && info.columns.iter().all(|c| {
            let att = unsafe { &*(*tupdesc).attrs.as_ptr().add(c.index) };
            !att.attisdropped && att.atttypid == c.typid && att.attlen == c.len
        })
}

/// The schema-qualified name of the trigger's table, as audit rows record it.
fn qualified_name(trigger: &PgTrigger<'_>) -> Result<Rc<str>, OfficeError> {
    let err = |e: pgrx::trigger_support::PgTriggerError| OfficeError::Spi(e.to_string());
    Ok(format!(
        "{}.{}",
        trigger.table_schema().map_err(err)?,
        trigger.table_name().map_err(err)?
    )
    .into())
}

/// The schema-qualified name of the root of the partition tree a partition belongs to.
fn partition_root_name(relid: pg_sys::Oid) -> Result<Rc<str>, OfficeError> {
    let name = Spi::get_one_with_args::<String>(
        // Schema-qualified throughout: the trigger runs with the caller's search_path.
        "SELECT pg_catalog.concat(n.nspname, '.', c.relname)
           FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE c.oid = pg_catalog.pg_partition_root($1)",
        &[relid.into()],
    )?
    .ok_or_else(|| OfficeError::Spi(format!("partition {relid:?} has no root table")))?;
    Ok(name.into())
}

/// One version of a row, its columns taken apart (values still point into the tuple).
struct RowVersion {
    values: Vec<pg_sys::Datum>,
    nulls: Vec<bool>,
}

/// Takes a row apart and checks its size against officeauto.audit_max_row_bytes before
/// anything is detoasted or copied: an oversized row is refused with 54000.
unsafe fn read_row(
    info: &TableInfo,
    tuple: pg_sys::HeapTuple,
    tupdesc: pg_sys::TupleDesc,
) -> Result<RowVersion, OfficeError> {
    let mut values = vec![pg_sys::Datum::from(0usize); info.natts];
    let mut nulls = vec![true; info.natts];
    unsafe { pg_sys::heap_deform_tuple(tuple, tupdesc, values.as_mut_ptr(), nulls.as_mut_ptr()) };
    let limit = gucs::AUDIT_MAX_ROW_BYTES.get().max(0) as usize;
    let mut total = 0usize;
    for c in info.columns.iter().filter(|c| !c.secret && !nulls[c.index]) {
        let d = values[c.index];
        let size = match c.len {
            // Varlena: the uncompressed size, read from its header (or its TOAST pointer). Only
            // a value stored out of line or compressed needs the server's help for it.
            -1 => unsafe {
                let p = d.cast_mut_ptr::<pg_sys::varlena>();
                if pgrx::varlena::varatt_is_1b_e(p) || pgrx::varlena::varatt_is_4b_c(p) {
                    pg_sys::toast_raw_datum_size(d)
                } else {
                    pgrx::varlena::varsize_any(p)
                }
            },
            -2 => unsafe { CStr::from_ptr(d.cast_mut_ptr()) }.to_bytes().len(),
            n => n as usize,
        };
        total = total.saturating_add(size);
    }
    if total > limit {
        return Err(OfficeError::LimitExceeded(format!(
            "a row of {} is larger than officeauto.audit_max_row_bytes ({limit} bytes); \
             exclude its large columns from the audit (enable_audit's \"exclude\") or raise the limit",
            info.qualified
        )));
    }
    Ok(RowVersion { values, nulls })
}

/// Whether a varlena is a pointer to a value stored out of line in a TOAST table, and which.
unsafe fn toast_pointer(p: *const pg_sys::varlena) -> Option<(pg_sys::Oid, pg_sys::Oid)> {
    unsafe {
        if !pgrx::varlena::varatt_is_1b_e(p)
            || pgrx::varlena::vartag_external(p) as u32 != pg_sys::vartag_external::VARTAG_ONDISK
        {
            return None;
        }
        let pointer: pg_sys::varatt_external =
            std::ptr::read_unaligned(pgrx::varlena::vardata_1b_e(p).cast());
        Some((pointer.va_toastrelid, pointer.va_valueid))
    }
}

/// Whether a column holds the same value in both versions, byte for byte as stored (after
/// detoasting), as suppress_redundant_updates_trigger judges.
unsafe fn same_value(c: &Column, old: &RowVersion, new: &RowVersion) -> bool {
    let i = c.index;
    match (old.nulls[i], new.nulls[i]) {
        (true, true) => return true,
        (false, false) => {}
        _ => return false,
    }
    let (a, b) = (old.values[i], new.values[i]);
    unsafe {
        if c.byval {
            return a == b;
        }
        if c.len > 0 {
            return libc::memcmp(a.cast_mut_ptr(), b.cast_mut_ptr(), c.len as usize) == 0;
        }
        if c.len == -2 {
            return CStr::from_ptr(a.cast_mut_ptr()) == CStr::from_ptr(b.cast_mut_ptr());
        }
        let (pa, pb) = (
            a.cast_mut_ptr::<pg_sys::varlena>(),
            b.cast_mut_ptr::<pg_sys::varlena>(),
        );
        // An UPDATE that leaves an out-of-line value alone carries the same TOAST pointer.
        if pa == pb || toast_pointer(pa).is_some_and(|t| toast_pointer(pb) == Some(t)) {
            return true;
        }
        let (da, db) = (
            pg_sys::pg_detoast_datum_packed(pa),
            pg_sys::pg_detoast_datum_packed(pb),
        );
        let len = pgrx::varlena::varsize_any_exhdr(da);
        let same = len == pgrx::varlena::varsize_any_exhdr(db)
            && libc::memcmp(
                pgrx::varlena::vardata_any(da).cast(),
                pgrx::varlena::vardata_any(db).cast(),
                len,
            ) == 0;
        for (copy, original) in [(da, pa), (db, pb)] {
            if copy != original {
                pg_sys::pfree(copy.cast());
            }
        }
        same
    }
}

/// The row's key and value pairs as `to_jsonb(row)` renders them (redacted columns as
/// `[redacted]`), in jsonb's key order; `shared` as for `json::pairs`.
unsafe fn row_pairs(
    info: &TableInfo,
    row: &RowVersion,
    shared: Option<(*const pg_sys::JsonbPair, &[bool])>,
) -> *mut pg_sys::JsonbPair {
    let members: Vec<json::Member<'_>> = info
        .json_order
        .iter()
        .map(|&i| &info.columns[i])
        .map(|c| json::Member {
            name: &c.name_c,
            plan: &c.plan,
            value: (!row.nulls[c.index]).then(|| row.values[c.index]),
            redacted: c.secret,
        })
        .collect();
    unsafe { json::pairs(&members, shared) }
}

unsafe fn copy_varlena(d: pg_sys::Datum, cxt: pg_sys::MemoryContext) -> pg_sys::Datum {
    unsafe {
        let p = d.cast_mut_ptr::<pg_sys::varlena>();
        let size = pgrx::varlena::varsize_any(p);
        let copy = pg_sys::MemoryContextAlloc(cxt, size);
        std::ptr::copy_nonoverlapping(p as *const u8, copy as *mut u8, size);
        pg_sys::Datum::from(copy)
    }
}

fn column_text(c: &Column, d: pg_sys::Datum) -> String {
    // SAFETY: the column's own output function on a non-NULL value of its type.
    unsafe {
        let p = pg_sys::OidOutputFunctionCall(c.output_fn, d);
        let text = CStr::from_ptr(p).to_string_lossy().into_owned();
        pg_sys::pfree(p.cast());
        text
    }
}

/// The primary key as JSON text: `{"id":7}`. Record ids hash its canonical form.
fn pk_json(info: &TableInfo, row: &RowVersion) -> String {
    if info.int_key {
        let c = &info.columns[info.pk[0]];
        let mut out = String::from("{");
        out.push_str(&serde_json::to_string(&c.name).expect("a name serializes"));
        out.push(':');
        match int_value(c, row) {
            Some(n) => out.push_str(&n.to_string()),
            None => out.push_str("null"),
        }
        out.push('}');
        return out;
    }
    let mut out = Vec::new();
    out.push(b'{');
    for (n, &p) in info.pk.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        let c = &info.columns[p];
        serde_json::to_writer(&mut out, &c.name).expect("writing to memory cannot fail");
        out.push(b':');
        if row.nulls[c.index] {
            out.extend_from_slice(b"null");
        } else {
            let text = column_text(c, row.values[c.index]);
            // A key is bounded by its btree index (a few KiB), so this allocation is small.
            audit::write_json_value(c.kind, &text, &mut out).expect("a key fits in memory");
        }
    }
    out.push(b'}');
    String::from_utf8(out).expect("JSON output is UTF-8")
}

/// The value of an integer column (int2, int4, int8, or a domain over one).
fn int_value(c: &Column, row: &RowVersion) -> Option<i64> {
    if row.nulls[c.index] {
        return None;
    }
    let d = row.values[c.index];
    match c.plan {
        json::Plan::Int(2) => Some(d.value() as i16 as i64),
        json::Plan::Int(4) => Some(d.value() as i32 as i64),
        json::Plan::Int(_) => Some(d.value() as i64),
        _ => None,
    }
}

/// The primary key as jsonb for row_pk. An integer key is built directly, from the row's own
/// converted pair when the column is not redacted (`pairs`: the row's pairs, in json_order);
/// other keys are parsed from the JSON text their record id hashes, so both always agree.
fn pk_jsonb(
    info: &TableInfo,
    row: &RowVersion,
    pairs: *mut pg_sys::JsonbPair,
    text: &str,
    cxt: pg_sys::MemoryContext,
) -> pg_sys::Datum {
    if info.int_key {
        let c = &info.columns[info.pk[0]];
        if !c.secret
            && let Some(at) = info.json_order.iter().position(|&i| i == info.pk[0])
        {
            // SAFETY: `at` is within the row's pairs; the object is serialized into `cxt`.
            return unsafe { json::serialize(pairs.add(at), 1, cxt) };
        }
        let member = json::Member {
            name: &c.name_c,
            plan: &c.plan,
            value: (!row.nulls[c.index]).then(|| row.values[c.index]),
            redacted: false,
        };
        // SAFETY: an integer value of the column's own type.
        return unsafe { json::object(&[member], cxt) };
    }
    let text = CString::new(text).expect("JSON text has no NUL");
    // SAFETY: jsonb's input function on JSON text, its result copied into the buffer.
    unsafe {
        let d = pgrx::direct_function_call_as_datum(
            pg_sys::jsonb_in,
            &[Some(pg_sys::Datum::from(text.as_ptr()))],
        )
        .expect("jsonb_in returns a value");
        copy_varlena(d, cxt)
    }
}

fn organization(info: &TableInfo, row: &RowVersion) -> Option<i64> {
    info.organization
        .map(|p| &info.columns[p])
        .filter(|c| !row.nulls[c.index])
        .and_then(|c| {
            int_value(c, row).or_else(|| column_text(c, row.values[c.index]).parse().ok())
        })
        .or_else(crate::context::organization_from_guc)
}

unsafe fn varlena_size(d: pg_sys::Datum) -> usize {
    unsafe { pgrx::varlena::varsize_any(d.cast_mut_ptr()) }
}

fn push_audit_row(row: writer::Row) -> Result<(), OfficeError> {
    // SAFETY: a plain read of transaction state; sizes of Datums this trigger built.
    let subxact = unsafe { pg_sys::GetCurrentSubTransactionId() };
    let bytes = [row.row_pk, row.old_data, row.new_data]
        .iter()
        .flatten()
        .map(|d| unsafe { varlena_size(*d) })
        .sum::<usize>();
    let buffered = PENDING_BYTES.with(|b| {
        b.set(b.get().saturating_add(bytes));
        b.get()
    });
    let full = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        p.push(Pending { subxact, row });
        p.len() >= FLUSH_AT || buffered >= FLUSH_AT_BYTES
    });
    if full { flush() } else { Ok(()) }
}

/// Whether this session is restoring a dump. pg_dump and pg_restore switch row_security off,
/// and with it off only a login that bypasses row-level security (a superuser or a BYPASSRLS
/// role) can write this extension's tables. Any role may switch row_security off, so the login
/// is what decides, judged on the session user: neither SET ROLE nor a SECURITY DEFINER
/// function changes it. An application that switches row_security off is therefore not a
/// restore, and the writes its SECURITY DEFINER calls make are audited as usual. The session
/// itself must have switched it off (SET, as pg_dump and pg_restore do, or its connection
/// options): `ALTER DATABASE ... SET row_security = off` is open to the database's owner, who
/// must not turn every superuser session (maintenance jobs, the bookkeeping workers) into a
/// restore whose writes go unaudited.
pub(crate) fn restoring() -> bool {
    // SAFETY: a plain GUC variable, then a syscache lookup of the connection's own role.
    unsafe {
        !pg_sys::row_security
            && pg_sys::has_bypassrls_privilege(pg_sys::GetSessionUserId())
            && row_security_set_by_session()
    }
}

/// Whether the current value of row_security comes from the session (a SET or the connection's
/// options) rather than from a database, role or server default.
fn row_security_set_by_session() -> bool {
    // SAFETY: the server's own table of settings, read in place; entries and names live as long
    // as the backend.
    unsafe {
        let vars = pg_sys::get_guc_variables();
        let count = usize::try_from(pg_sys::GetNumConfigOptions()).unwrap_or(0);
        if vars.is_null() {
            return false;
        }
        (0..count).map(|i| *vars.add(i)).any(|g| {
            !g.is_null()
                && CStr::from_ptr((*g).name) == c"row_security"
                && (*g).source >= pg_sys::GucSource::PGC_S_CLIENT
        })
    }
}

/// Internal: whether this session is restoring a dump (see `restoring`); the derived-row
/// triggers written in SQL ask it.
#[pg_extern(stable, parallel_safe)]
fn _is_restoring() -> bool {
    restoring()
}

thread_local! {
    // The transaction in which restore_load_trigger() switched session_replication_role, so
    // the statement's AFTER trigger switches back exactly what it switched.
    static REPLICA_FOR_RESTORE: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
}

fn set_replication_role(value: &std::ffi::CStr) {
    // SAFETY: a transaction-local setting change; the server checks the value.
    unsafe {
        pg_sys::set_config_option(
            c"session_replication_role".as_ptr(),
            value.as_ptr(),
            pg_sys::GucContext::PGC_SUSET,
            pg_sys::GucSource::PGC_S_SESSION,
            pg_sys::GucAction::GUC_ACTION_LOCAL,
            true,
            0,
            false,
        );
    }
}

/// pgrx turns an `Err` returned by a trigger function into an internal error (XX000) whose
/// text is the error's debug form. Raising it ourselves keeps its SQLSTATE and message, so a
/// client sees 54000 or 53200 as documented.
fn raise_with_sqlstate<T>(r: Result<T, ErrorReport>) -> Result<T, ErrorReport> {
    match r {
        Ok(v) => Ok(v),
        Err(e) => {
            e.report(PgLogLevel::ERROR);
            unreachable!("an ERROR does not return")
        }
    }
}

/// Statement trigger on every table whose rows pg_dump keeps (BEFORE INSERT, and AFTER INSERT
/// enabled ALWAYS). The tables of an extension exist, with their foreign keys, before the dump's
/// data is loaded. pg_dump orders their data so that parents come first, but it records that
/// order only as the position in the archive: a TABLE DATA entry depends on its table alone, so
/// `pg_restore -j` loads the tables in any order and a child arriving before its parent fails
/// its foreign key and loses every row. The dump holds one consistent snapshot, in which every
/// reference held, so for the loading statement of a restore session run by a superuser the
/// referential checks are switched off exactly as `pg_restore --disable-triggers` would, by
/// session_replication_role = replica for that statement only. Other sessions, and restores by
/// a BYPASSRLS role that is not a superuser, load with every check in place.
///
/// The dated partitions of a partitioned table (notifications, test_executions) are ordinary
/// tables, not extension members: pg_dump recreates them and creates their own triggers after
/// the data, so a statement trigger of theirs would come too late, and a parent's statement
/// triggers do not fire for a COPY into a partition. What a partition has from the start is its
/// parent's row triggers, cloned by the ATTACH: as BEFORE INSERT FOR EACH ROW (restore_load_rows)
/// this function switches at the first row, before any foreign key check of it is queued, and
/// the setting ends with the loading transaction (pg_restore loads each table in its own).
#[pg_trigger]
fn restore_load_trigger<'a>(
    trigger: &'a PgTrigger<'a>,
) -> Result<Option<PgHeapTuple<'a, AllocatedByPostgres>>, ErrorReport> {
    let transaction = crate::context::local_transaction();
    if matches!(trigger.level(), PgTriggerLevel::Row) {
        // SAFETY: plain reads of server globals and the connection's own role.
        let origin = unsafe {
            pg_sys::SessionReplicationRole == pg_sys::SESSION_REPLICATION_ROLE_ORIGIN as i32
        };
        // restoring() first: an ordinary session (row_security on) stops at its first test.
        if restoring() && origin && unsafe { pg_sys::superuser_arg(pg_sys::GetSessionUserId()) } {
            set_replication_role(c"replica");
        }
        // A BEFORE row trigger passes the row on unchanged.
        return Ok(trigger.new());
    }
    match trigger.when() {
        Ok(PgTriggerWhen::Before) => {
            // SAFETY: plain reads of server globals and the connection's own role.
            let origin = unsafe {
                pg_sys::SessionReplicationRole == pg_sys::SESSION_REPLICATION_ROLE_ORIGIN as i32
            };
            let superuser = unsafe { pg_sys::superuser_arg(pg_sys::GetSessionUserId()) };
            if origin && superuser && restoring() {
                set_replication_role(c"replica");
                REPLICA_FOR_RESTORE.with(|r| r.set(Some(transaction)));
            }
        }
        _ => {
            if REPLICA_FOR_RESTORE.with(|r| r.get()) == Some(transaction) {
                REPLICA_FOR_RESTORE.with(|r| r.set(None));
                set_replication_role(c"origin");
            }
        }
    }
    Ok(None)
}

/// Row trigger: AFTER INSERT OR UPDATE OR DELETE ... FOR EACH ROW. Installed by enable_audit().
#[pg_trigger]
fn audit_trigger<'a>(
    trigger: &'a PgTrigger<'a>,
) -> Result<Option<PgHeapTuple<'a, AllocatedByPostgres>>, ErrorReport> {
    raise_with_sqlstate(audit_trigger_body(trigger))
}

fn audit_trigger_body<'a>(
    trigger: &'a PgTrigger<'a>,
) -> Result<Option<PgHeapTuple<'a, AllocatedByPostgres>>, ErrorReport> {
    if restoring() {
        return Ok(None);
    }
    let td = trigger.trigger_data();
    let info = unsafe { table_info(trigger) }?;
    let tupdesc = unsafe { (*td.tg_relation).rd_att };
    let op = trigger.op().map_err(|e| OfficeError::Spi(e.to_string()))?;
    let (action, old, new) = match op {
        PgTriggerOperation::Insert => (Action::Insert, None, Some(td.tg_trigtuple)),
        PgTriggerOperation::Update => (Action::Update, Some(td.tg_trigtuple), Some(td.tg_newtuple)),
        PgTriggerOperation::Delete => (Action::Delete, Some(td.tg_trigtuple), None),
        PgTriggerOperation::Truncate => return Ok(None),
    };
    let old = old
        .map(|t| unsafe { read_row(&info, t, tupdesc) })
        .transpose()?;
    let new = new
        .map(|t| unsafe { read_row(&info, t, tupdesc) })
        .transpose()?;
    // For an UPDATE, whether each column (in table order) kept its value.
    let same: Option<Vec<bool>> = old.as_ref().zip(new.as_ref()).map(|(o, n)| {
        info.columns
            .iter()
            .map(|c| unsafe { same_value(c, o, n) })
            .collect()
    });
    let changed = match &same {
        Some(same) => {
            let names: Vec<String> = info
                .columns
                .iter()
                .zip(same)
                .filter(|&(c, &same)| !same && !BOOKKEEPING_COLUMNS.contains(&c.name.as_str()))
                .map(|(c, _)| c.name.clone())
                .collect();
            let log_noop = info
                .log_noop_updates
                .unwrap_or_else(|| gucs::AUDIT_LOG_NOOP_UPDATES.get());
            if names.is_empty() && !log_noop {
                return Ok(None);
            }
            Some(names)
        }
        None => None,
    };
    let key_row = new.as_ref().or(old.as_ref()).expect("a row exists");
    let cxt = buffer_context();
    // SAFETY: conversions of the trigger's own tuples; results live in the buffer context, the
    // converted values in the trigger's, which outlives both objects.
    let old_pairs = old.as_ref().map(|r| unsafe { row_pairs(&info, r, None) });
    let shared: Option<Vec<bool>> =
        same.map(|same| info.json_order.iter().map(|&i| same[i]).collect());
    let new_pairs = new.as_ref().map(|r| unsafe {
        row_pairs(
            &info,
            r,
            old_pairs
                .zip(shared.as_deref())
                .map(|(p, s)| (p.cast_const(), s)),
        )
    });
    let key_pairs = new_pairs.or(old_pairs).expect("a row exists");
    let (record_id, row_pk) = if info.pk.is_empty() {
        (None, None)
    } else {
        let pk = pk_json(&info, key_row);
        let canonical = if info.int_key {
            None
        } else {
            audit::canonical_key(&pk)
        };
        let id = audit::record_id(&info.qualified, canonical.as_deref().unwrap_or(&pk));
        (
            Some(id),
            Some(pk_jsonb(&info, key_row, key_pairs, &pk, cxt)),
        )
    };
    let count = info.json_order.len();
    let old_data = old_pairs.map(|p| unsafe { json::serialize(p, count, cxt) });
    let new_data = new_pairs.map(|p| unsafe { json::serialize(p, count, cxt) });
    push_audit_row(writer::Row {
        organization_id: organization(&info, key_row),
        action,
        table: Some(info.table_text),
        record_id,
        row_pk,
        old_data,
        new_data,
        changed,
    })?;
    Ok(None)
}

/// Statement trigger: AFTER TRUNCATE ... FOR EACH STATEMENT. Installed by enable_audit().
#[pg_trigger]
fn audit_truncate_trigger<'a>(
    trigger: &'a PgTrigger<'a>,
) -> Result<Option<PgHeapTuple<'a, AllocatedByPostgres>>, ErrorReport> {
    raise_with_sqlstate(audit_truncate_trigger_body(trigger))
}

fn audit_truncate_trigger_body<'a>(
    trigger: &'a PgTrigger<'a>,
) -> Result<Option<PgHeapTuple<'a, AllocatedByPostgres>>, ErrorReport> {
    if restoring() {
        return Ok(None);
    }
    let table = qualified_name(trigger)?;
    // SAFETY: a text value in the buffer's context, which lives until the rows are written.
    let table = unsafe { copy_varlena(writer::text_datum(&table), buffer_context()) };
    push_audit_row(writer::Row {
        organization_id: crate::context::organization_from_guc(),
        action: Action::Truncate,
        table: Some(table),
        record_id: None,
        row_pk: None,
        old_data: None,
        new_data: None,
        changed: None,
    })?;
    flush()?;
    Ok(None)
}

/// Statement trigger: AFTER INSERT OR UPDATE OR DELETE ... FOR EACH STATEMENT. Writes the rows
/// the row trigger buffered during the statement. Installed by enable_audit().
#[pg_trigger]
fn audit_flush_trigger<'a>(
    trigger: &'a PgTrigger<'a>,
) -> Result<Option<PgHeapTuple<'a, AllocatedByPostgres>>, ErrorReport> {
    raise_with_sqlstate(audit_flush_trigger_body(trigger))
}

fn audit_flush_trigger_body<'a>(
    _trigger: &'a PgTrigger<'a>,
) -> Result<Option<PgHeapTuple<'a, AllocatedByPostgres>>, ErrorReport> {
    flush()?;
    Ok(None)
}

/// Internal (audit_record_id): the record id for a primary key given as JSON text. The SQL
/// wrapper bounds the key's size first: a jsonb argument would be turned into Rust values, at
/// whatever size, before any check here could run.
#[pg_extern(immutable, parallel_safe)]
fn _audit_record_id(table: &str, pk: &str) -> Result<pgrx::Uuid, ErrorReport> {
    let pk = audit::canonical_key(pk).ok_or_else(|| OfficeError::InvalidParameter {
        name: "pk",
        reason: "not a JSON object".into(),
    })?;
    Ok(pgrx::Uuid::from_bytes(audit::record_id(table, &pk)))
}

/// Internal: the write behind `log_activity()`, an audit row with the request context and
/// credential-looking keys of the metadata redacted at any depth. log_activity() bounds the
/// metadata's size and depth first and passes it as text: a jsonb argument would be turned
/// into a serde_json value by pgrx before this body runs, where a document nested beyond
/// serde_json's limit is a panic rather than an error this function can report.
#[pg_extern(volatile, parallel_unsafe)]
#[search_path(pg_catalog, pg_temp)]
fn _log_activity(action: &str, metadata: Option<&str>) -> Result<i64, ErrorReport> {
    let action = action.trim();
    if action.is_empty() || action.len() > 100 {
        return Err(OfficeError::InvalidParameter {
            name: "action",
            reason: "must be 1 to 100 characters".into(),
        }
        .into());
    }
    let not_object = || OfficeError::InvalidParameter {
        name: "metadata",
        reason: "must be a JSON object".into(),
    };
    let meta = match metadata {
        None => serde_json::json!({}),
        Some(text) => serde_json::from_str::<serde_json::Value>(text).map_err(|_| not_object())?,
    };
    if !meta.is_object() {
        return Err(not_object().into());
    }
    write_event(None, action, meta)
}

/// One audit row for an application or account event. `account` names the organization and
/// user the event concerns when the request context cannot (before authentication); the actor
/// is the authenticated user when there is one, else that account.
fn write_event(
    account: Option<(i64, i64)>,
    action: &str,
    mut meta: serde_json::Value,
) -> Result<i64, ErrorReport> {
    crate::error::require_primary("writing an audit event")?;
    audit::redact_metadata(&mut meta);
    let (org, user) = account.unzip();
    let id = Spi::get_one_with_args::<i64>(
        "INSERT INTO officeauto.audit_logs
             (organization_id, actor_user_id, session_id, action, metadata, ip_address, user_agent)
         VALUES (coalesce($3, officeauto.current_organization_id()),
                 coalesce(officeauto.current_user_id(), $4),
                 officeauto.current_session_id(), $1, $2, officeauto.current_client_ip(),
                 officeauto.current_user_agent())
         RETURNING id",
        &[
            action.into(),
            pgrx::JsonB(meta).into(),
            org.into(),
            user.into(),
        ],
    )
    .map_err(OfficeError::from)?;
    Ok(id.unwrap_or_default())
}

/// Internal: an account event (sign-up, password reset, second factor, administration) written
/// for the account it concerns. Many happen before anyone is authenticated, so log_activity(),
/// which takes the organization from the request context, cannot record them. Callers pass
/// small objects of their own making; credential-looking keys are redacted all the same.
#[pg_extern(volatile, parallel_unsafe)]
#[search_path(pg_catalog, pg_temp)]
fn _log_account_event(
    organization_id: i64,
    user_id: i64,
    action: &str,
    metadata: default!(Option<pgrx::JsonB>, "'{}'"),
) -> Result<i64, ErrorReport> {
    let mut meta = metadata.map_or_else(|| serde_json::json!({}), |m| m.0);
    if !meta.is_object() {
        return Err(OfficeError::InvalidParameter {
            name: "metadata",
            reason: "must be a JSON object".into(),
        }
        .into());
    }
    if let Some(obj) = meta.as_object_mut() {
        obj.insert("user_id".into(), user_id.into());
    }
    write_event(Some((organization_id, user_id)), action, meta)
}

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    #[pg_test]
    fn record_ids_are_stable_per_row() {
        let same = Spi::get_one::<bool>(
            "SELECT officeauto.audit_record_id('officeauto.tasks', '{\"id\": 1}')
                  = officeauto.audit_record_id('officeauto.tasks', '{\"id\": 1}')
                AND officeauto.audit_record_id('officeauto.tasks', '{\"id\": 1}')
                 <> officeauto.audit_record_id('officeauto.tasks', '{\"id\": 2}')
                AND substr(officeauto.audit_record_id('officeauto.tasks', '{\"id\": 1}')::text, 15, 1) = '8'",
        )
        .unwrap();
        assert_eq!(same, Some(true));
    }

    #[pg_test]
    fn log_activity_redacts_secrets() {
        let id = Spi::get_one::<i64>(
            "SELECT officeauto.log_activity('test.event', '{\"token\": \"t\", \"ok\": 1}')",
        )
        .unwrap()
        .unwrap();
        let meta = Spi::get_one_with_args::<pgrx::JsonB>(
            "SELECT metadata FROM officeauto.audit_logs WHERE id = $1",
            &[id.into()],
        )
        .unwrap()
        .unwrap();
        assert_eq!(meta.0, serde_json::json!({"token": "[redacted]", "ok": 1}));
    }

    #[pg_test]
    fn a_row_change_is_logged_with_its_diff() {
        Spi::run(
            "INSERT INTO officeauto.organizations (name, slug) VALUES ('Test org', 'test-org');
             UPDATE officeauto.organizations SET name = 'Renamed org' WHERE slug = 'test-org';",
        )
        .unwrap();
        let changed = Spi::get_one::<Vec<String>>(
            "SELECT changed_columns FROM officeauto.audit_logs
              WHERE table_name = 'officeauto.organizations' AND action = 'UPDATE' ORDER BY id DESC LIMIT 1",
        )
        .unwrap();
        assert_eq!(changed, Some(vec!["name".to_string()]));
    }
}
