//! The audit trail's hot path: `audit_trigger()`, a native row trigger that writes one
//! `audit_logs` row per INSERT, UPDATE and DELETE, with old and new rows as JSONB, the changed
//! columns, a stable record id and the request context, and with secret columns redacted.
//!
//! Per-table facts (column names, JSON kinds, output functions, primary key, secret columns,
//! options) are computed once per backend and trigger, and the INSERT into audit_logs is one
//! prepared plan kept for the life of the backend.

use crate::error::OfficeError;
use crate::gucs;
use officeauto_core::audit::{self, ALWAYS_SECRET, JsonKind, REDACTED};
use pgrx::pg_sys;
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use pgrx::search_path;
use pgrx::spi::OwnedPreparedStatement;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::CStr;
use std::num::NonZeroUsize;
use std::rc::Rc;

struct Column {
    name: String,
    kind: JsonKind,
    output_fn: pg_sys::Oid,
    secret: bool,
}

struct TableInfo {
    qualified: String,
    /// (attribute index, column) for live columns; dropped ones are skipped.
    columns: Vec<(usize, Column)>,
    /// Positions in `columns` of the primary key, in key order.
    pk: Vec<usize>,
    /// Position in `columns` of organization_id (or of id for the organizations table).
    organization: Option<usize>,
    log_noop_updates: Option<bool>,
}

/// Changes are buffered per backend by the row trigger and written by one INSERT per
/// statement (or per `FLUSH_AT` rows), so the executor is set up once per batch rather than once
/// per changed row. The request context is read at flush time, within the same statement.
const FLUSH_SQL: &str = "INSERT INTO officeauto.audit_logs
    (organization_id, actor_user_id, session_id, action, table_name, record_id, row_pk,
     old_data, new_data, changed_columns, ip_address, user_agent)
    SELECT u.o, c.actor, c.sess, u.a, u.t, u.r, CAST(u.pk AS pg_catalog.jsonb),
           CAST(u.od AS pg_catalog.jsonb), CAST(u.nd AS pg_catalog.jsonb),
           CASE WHEN u.cc IS NOT NULL THEN ARRAY(SELECT pg_catalog.jsonb_array_elements_text(
                                                        CAST(u.cc AS pg_catalog.jsonb))) END,
           c.ip, c.ua
      FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3),
                      pg_catalog.unnest($4), pg_catalog.unnest($5), pg_catalog.unnest($6),
                      pg_catalog.unnest($7), pg_catalog.unnest($8)) AS u(o, a, t, r, pk, od, nd, cc),
           (SELECT officeauto.current_user_id() AS actor, officeauto.current_session_id() AS sess,
                   officeauto.current_client_ip() AS ip, officeauto.current_user_agent() AS ua) c";
const FLUSH_AT: usize = 1000;
/// Buffered audit text that makes the buffer flush early, so a statement changing many large
/// rows never holds more than about this much in backend memory.
const FLUSH_AT_BYTES: usize = 8 << 20;

struct Pending {
    subxact: pg_sys::SubTransactionId,
    organization_id: Option<i64>,
    action: &'static str,
    table: String,
    record_id: Option<pgrx::Uuid>,
    row_pk: Option<String>,
    old_data: Option<String>,
    new_data: Option<String>,
    changed: Option<String>,
}

thread_local! {
    static TABLES: RefCell<HashMap<(pg_sys::Oid, usize), Rc<TableInfo>>> = RefCell::new(HashMap::new());
    static FLUSH_PLAN: RefCell<Option<OwnedPreparedStatement>> = const { RefCell::new(None) };
    static PENDING: RefCell<Vec<Pending>> = const { RefCell::new(Vec::new()) };
    static PENDING_BYTES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Keeps the buffer consistent with the transaction: rows of an aborted (sub)transaction are
/// dropped, rows of a committed subtransaction now belong to its parent, and a commit with rows
/// still buffered (a flush trigger removed by hand) fails rather than losing them.
#[pg_guard]
unsafe extern "C-unwind" fn on_xact(event: pg_sys::XactEvent::Type, _arg: *mut std::ffi::c_void) {
    match event {
        pg_sys::XactEvent::XACT_EVENT_ABORT | pg_sys::XactEvent::XACT_EVENT_PARALLEL_ABORT => {
            PENDING.with(|p| p.borrow_mut().clear());
            PENDING_BYTES.with(|b| b.set(0));
        }
        pg_sys::XactEvent::XACT_EVENT_PRE_COMMIT | pg_sys::XactEvent::XACT_EVENT_PRE_PREPARE
            if PENDING.with(|p| !p.borrow().is_empty()) =>
        {
            PENDING.with(|p| p.borrow_mut().clear());
            PENDING_BYTES.with(|b| b.set(0));
            pgrx::error!(
                "officeauto: audit rows were not written (the officeauto_audit_flush trigger is missing); re-run enable_audit()"
            );
        }
        _ => {}
    }
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
}

fn flush() -> Result<(), OfficeError> {
    let rows = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    PENDING_BYTES.with(|b| b.set(0));
    if rows.is_empty() {
        return Ok(());
    }
    crate::owner::as_extension_owner(|| write_rows(rows))
}

fn write_rows(rows: Vec<Pending>) -> Result<(), OfficeError> {
    let mut org = Vec::with_capacity(rows.len());
    let mut action = Vec::with_capacity(rows.len());
    let mut table = Vec::with_capacity(rows.len());
    let mut record = Vec::with_capacity(rows.len());
    let mut pk = Vec::with_capacity(rows.len());
    let mut old = Vec::with_capacity(rows.len());
    let mut new = Vec::with_capacity(rows.len());
    let mut changed = Vec::with_capacity(rows.len());
    for r in rows {
        org.push(r.organization_id);
        action.push(Some(r.action.to_string()));
        table.push(Some(r.table));
        record.push(r.record_id);
        pk.push(r.row_pk);
        old.push(r.old_data);
        new.push(r.new_data);
        changed.push(r.changed);
    }
    let oids = [
        PgOid::from(pg_sys::INT8ARRAYOID),
        PgOid::from(pg_sys::TEXTARRAYOID),
        PgOid::from(pg_sys::TEXTARRAYOID),
        PgOid::from(pg_sys::UUIDARRAYOID),
        PgOid::from(pg_sys::TEXTARRAYOID),
        PgOid::from(pg_sys::TEXTARRAYOID),
        PgOid::from(pg_sys::TEXTARRAYOID),
        PgOid::from(pg_sys::TEXTARRAYOID),
    ];
    Spi::connect_mut(|client| {
        crate::owner::with_pinned_plan(client, &FLUSH_PLAN, FLUSH_SQL, &oids, |client, plan| {
            client
                .update(
                    plan,
                    None,
                    &[
                        org.into(),
                        action.into(),
                        table.into(),
                        record.into(),
                        pk.into(),
                        old.into(),
                        new.into(),
                        changed.into(),
                    ],
                )
                .map(|_| ())
        })
    })?;
    Ok(())
}

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

unsafe fn table_info(trigger: &PgTrigger) -> Result<Rc<TableInfo>, OfficeError> {
    let td = trigger.trigger_data();
    let rel = td.tg_relation;
    let tupdesc = unsafe { (*rel).rd_att };
    let tgoid = trigger.trigger().tgoid;
    // The relcache hands out a new descriptor when the table's shape changes.
    let key = (tgoid, tupdesc as usize);
    if let Some(t) = TABLES.with(|m| m.borrow().get(&key).cloned()) {
        return Ok(t);
    }
    let relid = unsafe { (*rel).rd_id };
    let qualified = qualified_name(trigger)?;
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
        columns.push((
            i,
            Column {
                kind: json_kind(att.atttypid),
                output_fn,
                secret,
                name,
            },
        ));
    }
    let pos = |n: &str| columns.iter().position(|(_, c)| c.name == n);
    let pk = pk_names.iter().filter_map(|n| pos(n)).collect();
    let organization = if qualified == "officeauto.organizations" {
        pos("id")
    } else {
        pos("organization_id")
    };
    let info = Rc::new(TableInfo {
        qualified,
        columns,
        pk,
        organization,
        log_noop_updates,
    });
    TABLES.with(|m| m.borrow_mut().insert(key, info.clone()));
    Ok(info)
}

/// The schema-qualified name of the trigger's table, as audit rows record it.
fn qualified_name(trigger: &PgTrigger<'_>) -> Result<String, OfficeError> {
    let err = |e: pgrx::trigger_support::PgTriggerError| OfficeError::Spi(e.to_string());
    Ok(format!(
        "{}.{}",
        trigger.table_schema().map_err(err)?,
        trigger.table_name().map_err(err)?
    ))
}

fn out_of_memory() -> OfficeError {
    OfficeError::OutOfResources("not enough memory to write the audit row")
}

/// Text output of every live column of one row (None for NULL). The row's size is checked
/// against officeauto.audit_max_row_bytes as it is read, before it is copied, and every copy is
/// reserved fallibly: an oversized value gets 54000 and a failed allocation 53200, never an
/// abort of the backend.
unsafe fn row_values(
    info: &TableInfo,
    tuple: *mut pg_sys::HeapTupleData,
    tupdesc: pg_sys::TupleDesc,
) -> Result<Vec<Option<String>>, OfficeError> {
    let limit = gucs::AUDIT_MAX_ROW_BYTES.get().max(0) as usize;
    let mut total = 0usize;
    let mut values = Vec::new();
    values
        .try_reserve_exact(info.columns.len())
        .map_err(|_| out_of_memory())?;
    for (i, c) in &info.columns {
        let attno = NonZeroUsize::new(i + 1).expect("attribute numbers start at 1");
        let Some(d) = (unsafe { pgrx::heap_getattr_raw(tuple, attno, tupdesc) }) else {
            values.push(None);
            continue;
        };
        // The output function allocates with palloc, which reports its own failures as errors.
        let p = unsafe { pg_sys::OidOutputFunctionCall(c.output_fn, d) };
        let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
        if c.secret {
            // Redacted in the trail: only whether it changed matters, so neither its size nor
            // its value is carried (a large column can be excluded to stay under the limit).
            values.push(Some(audit::fingerprint(bytes)));
            continue;
        }
        total = total.saturating_add(bytes.len());
        if total > limit {
            return Err(OfficeError::LimitExceeded(format!(
                "a row of {} is larger than officeauto.audit_max_row_bytes ({limit} bytes) as audit text; \
                 exclude its large columns from the audit (enable_audit's \"exclude\") or raise the limit",
                info.qualified
            )));
        }
        let text = String::from_utf8_lossy(bytes);
        let mut owned = String::new();
        owned
            .try_reserve_exact(text.len())
            .map_err(|_| out_of_memory())?;
        owned.push_str(&text);
        values.push(Some(owned));
    }
    Ok(values)
}

/// Appends `"name":` to a JSON object being built.
fn push_key(out: &mut Vec<u8>, name: &str) -> Result<(), OfficeError> {
    out.try_reserve(audit::json_value_max_len(name.len()) + 2)
        .map_err(|_| out_of_memory())?;
    serde_json::to_writer(&mut *out, name).expect("writing to memory cannot fail");
    out.push(b':');
    Ok(())
}

fn row_json(info: &TableInfo, values: &[Option<String>]) -> Result<String, OfficeError> {
    let mut out = Vec::new();
    out.try_reserve(64 * values.len() + values.iter().flatten().map(String::len).sum::<usize>())
        .map_err(|_| out_of_memory())?;
    out.push(b'{');
    for (n, ((_, c), v)) in info.columns.iter().zip(values).enumerate() {
        if n > 0 {
            out.push(b',');
        }
        push_key(&mut out, &c.name)?;
        match v {
            None => out.extend_from_slice(b"null"),
            Some(_) if c.secret => out.extend_from_slice(format!("\"{REDACTED}\"").as_bytes()),
            Some(t) => audit::write_json_value(c.kind, t, &mut out).map_err(|_| out_of_memory())?,
        }
    }
    out.push(b'}');
    Ok(String::from_utf8(out).expect("JSON output is UTF-8"))
}

fn pk_json(info: &TableInfo, values: &[Option<String>]) -> Result<String, OfficeError> {
    let mut out = Vec::new();
    out.push(b'{');
    for (n, &p) in info.pk.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        let c = &info.columns[p].1;
        push_key(&mut out, &c.name)?;
        match &values[p] {
            None => out.extend_from_slice(b"null"),
            Some(t) => audit::write_json_value(c.kind, t, &mut out).map_err(|_| out_of_memory())?,
        }
    }
    out.push(b'}');
    Ok(String::from_utf8(out).expect("JSON output is UTF-8"))
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
#[pg_trigger]
fn restore_load_trigger<'a>(
    trigger: &'a PgTrigger<'a>,
) -> Result<Option<PgHeapTuple<'a, AllocatedByPostgres>>, ErrorReport> {
    let transaction = crate::context::local_transaction();
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

#[allow(clippy::too_many_arguments)]
fn push_audit_row(
    organization_id: Option<i64>,
    action: &'static str,
    table: &str,
    record_id: Option<pgrx::Uuid>,
    row_pk: Option<String>,
    old_data: Option<String>,
    new_data: Option<String>,
    changed: Option<Vec<String>>,
) -> Result<(), OfficeError> {
    // SAFETY: a plain read of transaction state.
    let subxact = unsafe { pg_sys::GetCurrentSubTransactionId() };
    let bytes = [&row_pk, &old_data, &new_data]
        .iter()
        .map(|v| v.as_ref().map_or(0, String::len))
        .sum::<usize>();
    let buffered = PENDING_BYTES.with(|b| {
        b.set(b.get().saturating_add(bytes));
        b.get()
    });
    let full = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        p.try_reserve(1).map_err(|_| out_of_memory())?;
        p.push(Pending {
            subxact,
            organization_id,
            action,
            table: table.to_string(),
            record_id,
            row_pk,
            old_data,
            new_data,
            changed: changed.map(|c| serde_json::to_string(&c).unwrap_or_else(|_| "[]".into())),
        });
        Ok::<bool, OfficeError>(p.len() >= FLUSH_AT || buffered >= FLUSH_AT_BYTES)
    })?;
    if full { flush() } else { Ok(()) }
}

fn parse_org(info: &TableInfo, values: &[Option<String>]) -> Option<i64> {
    info.organization
        .and_then(|p| values[p].as_deref())
        .and_then(|t| t.parse().ok())
        .or_else(crate::context::organization_from_guc)
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
        PgTriggerOperation::Insert => ("INSERT", None, Some(td.tg_trigtuple)),
        PgTriggerOperation::Update => ("UPDATE", Some(td.tg_trigtuple), Some(td.tg_newtuple)),
        PgTriggerOperation::Delete => ("DELETE", Some(td.tg_trigtuple), None),
        PgTriggerOperation::Truncate => return Ok(None),
    };
    let old_values = old
        .map(|t| unsafe { row_values(&info, t, tupdesc) })
        .transpose()?;
    let new_values = new
        .map(|t| unsafe { row_values(&info, t, tupdesc) })
        .transpose()?;
    let changed = match (&old_values, &new_values) {
        (Some(o), Some(n)) => {
            let names: Vec<String> = info
                .columns
                .iter()
                .zip(o.iter().zip(n))
                .filter(|(_, (a, b))| a != b)
                .map(|((_, c), _)| c.name.clone())
                // Maintained by the row_conventions trigger on every UPDATE: not a change of
                // content, so they neither count as changed nor make a no-op worth logging.
                .filter(|n| n != "updated_at" && n != "version")
                .collect();
            let log_noop = info
                .log_noop_updates
                .unwrap_or_else(|| gucs::AUDIT_LOG_NOOP_UPDATES.get());
            if names.is_empty() && !log_noop {
                return Ok(None);
            }
            Some(names)
        }
        _ => None,
    };
    let key_values = new_values
        .as_ref()
        .or(old_values.as_ref())
        .expect("a row exists");
    let (record_id, row_pk) = if info.pk.is_empty() {
        (None, None)
    } else {
        let pk = pk_json(&info, key_values)?;
        let id = audit::record_id(&info.qualified, &pk);
        (Some(pgrx::Uuid::from_bytes(id)), Some(pk))
    };
    push_audit_row(
        parse_org(&info, key_values),
        action,
        &info.qualified,
        record_id,
        row_pk,
        old_values
            .as_ref()
            .map(|v| row_json(&info, v))
            .transpose()?,
        new_values
            .as_ref()
            .map(|v| row_json(&info, v))
            .transpose()?,
        changed,
    )?;
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
    push_audit_row(
        crate::context::organization_from_guc(),
        "TRUNCATE",
        &table,
        None,
        None,
        None,
        None,
        None,
    )?;
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
    let value: serde_json::Value =
        serde_json::from_str(pk).map_err(|_| OfficeError::InvalidParameter {
            name: "pk",
            reason: "not a JSON object".into(),
        })?;
    let pk = serde_json::to_string(&value).unwrap_or_default();
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
