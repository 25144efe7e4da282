//! Authorization: what the authenticated user may do, and in which projects.
//!
//! A user's grants (the permissions of their roles, organization-wide or per project, and
//! their active project memberships) are read into backend memory and kept across
//! transactions until a table they are read from changes: the statement triggers on those
//! tables queue a relcache invalidation of the changed table, which PostgreSQL delivers to this
//! backend's callback when the change commits (and at once for this backend's own changes,
//! from its next statement, or on their rollback), and the callback makes every kept grant
//! stale. So a request pays for one read of its grants only after they changed. In
//! REPEATABLE READ and SERIALIZABLE, and inside a parallel plan, they are read once per
//! transaction under its snapshot (SERIALIZABLE needs the read for its conflict checks).
//! Row-level security policies call `_may_all`, `_may_projects` and `_may_own` as scalar
//! sub-selects, so the planner evaluates each once per statement (an InitPlan) and a policy
//! costs an array membership test per row, never a query per row. The write triggers call
//! `_authorize` per changed row, which is a few hash lookups.
//!
//! Scopes, as the README documents them: GLOBAL allows the action on every row of the
//! organization; PROJECT allows it on rows of projects the user is an active member of (capped
//! by the member's access role: viewer reads, contributor also edits, manager and owner also
//! approve) and on rows that belong to no project; SELF allows it on the user's own rows. A
//! role granted for one project (user_roles.project_id) allows its permissions in that project.

use crate::context::{self, Actor};
use crate::error::OfficeError;

type Res<T> = Result<T, OfficeError>;
use crate::owner::{as_extension_owner, with_kept_plan};
use officeauto_core::access::{ACTIONS, Cap, Grant, Permissions};
use pgrx::pg_sys;
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// The acting user's permissions, valid while the key matches: (the local transaction, under
/// transaction snapshots; None otherwise), user, organization, generation.
struct Cached {
    key: (Option<u32>, i64, i64, u64),
    permissions: Permissions,
    // _may_projects answers, kept so a statement with many policies builds each array once.
    arrays: HashMap<(String, String), Vec<i64>>,
}

thread_local! {
    // Keyed by (user, organization): a pooled backend serves many users in turn.
    static CACHE: RefCell<HashMap<(i64, i64), Cached>> = RefCell::new(HashMap::new());
    // Bumped when roles, grants or memberships change: by this backend's statement triggers,
    // and by the relcache invalidation of a table the grants are read from (any backend's
    // committed change, this backend's own from its next statement, a rollback of one).
    static GENERATION: Cell<u64> = const { Cell::new(0) };
    // The tables the grants are read from, resolved at each read; None before the first.
    static GRANT_TABLES: Cell<Option<[pg_sys::Oid; GRANT_TABLE_NAMES.len()]>> = const { Cell::new(None) };
    static CALLBACK: Cell<bool> = const { Cell::new(false) };
    static LOAD_PLAN: RefCell<Option<pgrx::spi::OwnedPreparedStatement>> = const { RefCell::new(None) };
    static REPORTING_PLAN: RefCell<Option<pgrx::spi::OwnedPreparedStatement>> = const { RefCell::new(None) };
}

/// (resource, action, scope or access level, project): a role's permission, or (with resource
/// and action NULL) a project membership and its access level.
type GrantRow = (Option<String>, Option<String>, String, Option<i64>);

/// How many users' permissions a backend keeps (a few KiB each).
const KEPT_USERS: usize = 256;

/// How many (resource, action) project arrays are kept per user.
const KEPT_ARRAYS: usize = 64;

/// What the grant query reads. Each has the permissions_changed statement trigger.
const GRANT_TABLE_NAMES: [&std::ffi::CStr; 7] = [
    c"user_roles",
    c"roles",
    c"role_permissions",
    c"permissions",
    c"project_members",
    c"access_role_reference",
    c"projects",
];

fn bump() {
    GENERATION.with(|g| g.set(g.get().wrapping_add(1)));
}

#[pgrx::pg_guard]
unsafe extern "C-unwind" fn grants_invalidated(_arg: pg_sys::Datum, relid: pg_sys::Oid) {
    // InvalidOid: everything (a sinval queue overflow). Before the tables are known, any.
    let relevant = relid == pg_sys::InvalidOid
        || GRANT_TABLES.with(|t| t.get().is_none_or(|tables| tables.contains(&relid)));
    if relevant {
        bump();
    }
}

/// Registers the invalidation callback (once) and resolves the grant tables' OIDs, which
/// change when the extension is dropped and created again (the old tables' invalidations
/// bump the generation then).
fn watch_grant_tables() {
    if !CALLBACK.with(|c| c.replace(true)) {
        // SAFETY: registering a relcache callback once per backend, before anything is kept.
        unsafe {
            pg_sys::CacheRegisterRelcacheCallback(Some(grants_invalidated), pg_sys::Datum::from(0))
        };
    }
    // SAFETY: syscache lookups by name inside a transaction.
    let tables = unsafe {
        let namespace = pg_sys::get_namespace_oid(c"officeauto".as_ptr(), true);
        GRANT_TABLE_NAMES.map(|name| pg_sys::get_relname_relid(name.as_ptr(), namespace))
    };
    GRANT_TABLES.with(|t| t.set(Some(tables)));
}

/// Under READ COMMITTED, the grants are read with the latest snapshot, taken after the
/// generation was read: any change committed before the read is in it, and any change after
/// it bumps the generation when its invalidation arrives, so what is kept is never older than
/// its key says. (The statement's own snapshot may predate an invalidation already
/// received.) Under transaction snapshots the read uses the transaction's and is kept for the
/// transaction only.
fn load_with_fresh_snapshot(user_id: i64, organization_id: i64) -> Res<Permissions> {
    // SAFETY: a snapshot pushed for the length of the read and popped on every way out
    // (an error unwinds to the transaction's abort, which clears the active stack).
    unsafe {
        pg_sys::PushActiveSnapshot(pg_sys::GetLatestSnapshot());
        let loaded = load(user_id, organization_id);
        pg_sys::PopActiveSnapshot();
        loaded
    }
}

fn load(user_id: i64, organization_id: i64) -> Res<Permissions> {
    let rows: Vec<GrantRow> = as_extension_owner(|| {
        Ok(Spi::connect_mut(|client| {
            with_kept_plan(
                    client,
                    &LOAD_PLAN,
                    "SELECT p.resource, p.action, p.scope, ur.project_id
                       FROM officeauto.user_roles ur
                       JOIN officeauto.roles r ON r.id OPERATOR(pg_catalog.=) ur.role_id AND r.deleted_at IS NULL
                       JOIN officeauto.role_permissions rp ON rp.role_id OPERATOR(pg_catalog.=) r.id
                       JOIN officeauto.permissions p ON p.id OPERATOR(pg_catalog.=) rp.permission_id
                      WHERE ur.user_id OPERATOR(pg_catalog.=) $1 AND ur.organization_id OPERATOR(pg_catalog.=) $2
                     UNION ALL
                     SELECT NULL, NULL,
                            CASE WHEN ar.can_manage THEN 'manage' WHEN ar.can_edit THEN 'edit' ELSE 'read' END,
                            pm.project_id
                       FROM officeauto.project_members pm
                       JOIN officeauto.access_role_reference ar ON ar.id OPERATOR(pg_catalog.=) pm.access_role_id
                       JOIN officeauto.projects pr ON pr.id OPERATOR(pg_catalog.=) pm.project_id AND pr.deleted_at IS NULL
                      WHERE pm.user_id OPERATOR(pg_catalog.=) $1 AND pm.organization_id OPERATOR(pg_catalog.=) $2
                        AND pm.is_active",
                    &[
                        PgOid::from(pg_sys::INT8OID),
                        PgOid::from(pg_sys::INT8OID),
                    ],
                    |client, plan| {
                        let mut out = Vec::new();
                        for r in client.select(
                            plan,
                            None,
                            &[user_id.into(), organization_id.into()],
                        )? {
                            out.push((
                                r.get::<String>(1)?,
                                r.get::<String>(2)?,
                                r.get::<String>(3)?.unwrap_or_default(),
                                r.get::<i64>(4)?,
                            ));
                        }
                        Ok(out)
                    },
                )
        })?)
    })?;
    let mut grants: HashMap<(String, String), Grant> = HashMap::new();
    let mut members = HashMap::new();
    for (resource, action, scope, project) in rows {
        match (resource, action, project) {
            (Some(resource), Some(action), None) => {
                let g = grants.entry((resource, action)).or_default();
                match scope.as_str() {
                    "GLOBAL" => g.global = true,
                    "PROJECT" => g.project = true,
                    _ => g.own = true,
                }
            }
            (Some(resource), Some(action), Some(p)) => {
                grants
                    .entry((resource, action))
                    .or_default()
                    .in_projects
                    .push(p);
            }
            (None, _, Some(p)) => {
                let cap = match scope.as_str() {
                    "manage" => Cap::Manage,
                    "edit" => Cap::Edit,
                    _ => Cap::Read,
                };
                members.insert(p, cap);
            }
            _ => {}
        }
    }
    Ok(Permissions { grants, members })
}

/// Runs `f` on the acting user's permissions, loading them only when they may have changed
/// since they were kept (see the module's documentation).
fn with_permissions<T>(
    user_id: i64,
    organization_id: i64,
    f: impl FnOnce(&mut Cached) -> T,
) -> Res<T> {
    // Transaction snapshots, and parallel plans (which may take no new snapshot): read under
    // the transaction's own, kept for the transaction only.
    // SAFETY: reads of the transaction's isolation level and parallel state.
    let per_transaction = unsafe {
        pg_sys::XactIsoLevel >= pg_sys::XACT_REPEATABLE_READ as i32 || pg_sys::IsInParallelMode()
    };
    let transaction = per_transaction.then(context::local_transaction);
    let key = |generation| (transaction, user_id, organization_id, generation);
    let who = (user_id, organization_id);
    if !per_transaction {
        // Invalidations are otherwise read at transaction start and when a lock is taken: a
        // change committed since then (after this request's authenticate(), say) would go
        // unseen by a statement that takes no new lock. Cheap when the queue holds nothing.
        // SAFETY: processing the shared invalidation queue, as locking a relation does.
        unsafe { pg_sys::AcceptInvalidationMessages() };
    }
    let fresh = CACHE.with(|c| {
        c.borrow()
            .get(&who)
            .is_some_and(|p| p.key == key(GENERATION.with(Cell::get)))
    });
    if !fresh {
        watch_grant_tables();
        let generation = GENERATION.with(Cell::get);
        let permissions = if per_transaction {
            load(user_id, organization_id)?
        } else {
            load_with_fresh_snapshot(user_id, organization_id)?
        };
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= KEPT_USERS && !c.contains_key(&who) {
                // Bounded memory; entries of an older generation are of no use anyway.
                c.clear();
            }
            c.insert(
                who,
                Cached {
                    key: key(generation),
                    permissions,
                    arrays: HashMap::new(),
                },
            );
        });
    }
    Ok(CACHE.with(|c| f(c.borrow_mut().get_mut(&who).expect("loaded above"))))
}

fn checked<'a>(resource: Option<&'a str>, action: Option<&'a str>) -> Res<(&'a str, &'a str)> {
    let resource = resource.unwrap_or_default();
    let action = action.unwrap_or_default();
    let resource_ok = (2..=50).contains(&resource.len())
        && resource.starts_with(|c: char| c.is_ascii_uppercase())
        && resource
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'_');
    if !resource_ok {
        return Err(OfficeError::InvalidParameter {
            name: "resource",
            reason: "expected an upper-case resource name such as TASK or DOCUMENT".into(),
        });
    }
    if !ACTIONS.contains(&action) {
        return Err(OfficeError::InvalidParameter {
            name: "action",
            reason: "expected CREATE, READ, UPDATE, DELETE or APPROVE".into(),
        });
    }
    Ok((resource, action))
}

/// Whether the current statement runs with the rights of a superuser: the extension's own
/// SECURITY DEFINER functions (which check what they do themselves) and a DBA's session.
fn superuser_now() -> bool {
    // SAFETY: a catalog lookup of the current user id.
    unsafe { pg_sys::superuser() }
}

/// Whether the authenticated user may perform `action` on `resource`: anywhere in the
/// organization when project_id is NULL (a GLOBAL grant, or a PROJECT grant for rows outside
/// projects), or in the given project. Trusted maintenance connections may do everything;
/// a connection without a context may do nothing. Internal: it takes the project's internal
/// id (the role checks of 16_authorization.sql have it); the API's `has_permission` takes the
/// public id and calls this.
#[pg_extern(stable, parallel_restricted, name = "_has_permission")]
fn has_permission(
    resource: Option<&str>,
    action: Option<&str>,
    project_id: default!(Option<i64>, "NULL"),
) -> Result<bool, ErrorReport> {
    let (resource, action) = checked(resource, action)?;
    Ok(match context::actor()? {
        Actor::Trusted { .. } => true,
        Actor::Nobody => false,
        Actor::User {
            user_id,
            organization_id,
        } => with_permissions(user_id, organization_id, |p| {
            p.permissions.allowed(resource, action, project_id, false)
        })?,
    })
}

/// Internal (row-level security): the action is allowed on every row of the organization.
#[pg_extern(stable, parallel_restricted)]
fn _may_all(resource: &str, action: &str) -> Result<bool, ErrorReport> {
    Ok(match context::actor()? {
        Actor::Trusted { .. } => true,
        // Reporting logins read every row of the organizations granted to them (the owner's
        // rights views and searches call this; their table policies are their own).
        Actor::Nobody => action == "READ" && reporting_reader(),
        Actor::User {
            user_id,
            organization_id,
        } => with_permissions(user_id, organization_id, |p| {
            p.permissions
                .grant(resource, action)
                .is_some_and(|g| g.global)
        })?,
    })
}

/// Internal (row-level security): the projects where the action is allowed, with 0 standing
/// for rows that belong to no project.
#[pg_extern(stable, parallel_restricted)]
fn _may_projects(resource: &str, action: &str) -> Result<Vec<i64>, ErrorReport> {
    Ok(match context::actor()? {
        Actor::Trusted { .. } | Actor::Nobody => Vec::new(),
        Actor::User {
            user_id,
            organization_id,
        } => with_permissions(user_id, organization_id, |p| {
            let key = (resource.to_owned(), action.to_owned());
            if let Some(a) = p.arrays.get(&key) {
                return a.clone();
            }
            let a = p.permissions.projects(resource, action);
            // Only the pairs a grant names are kept, and a bounded number of them: the memo
            // lives as long as the grants, and a caller may ask about any string.
            if p.permissions.grants.contains_key(&key) && p.arrays.len() < KEPT_ARRAYS {
                p.arrays.insert(key, a.clone());
            }
            a
        })?,
    })
}

/// Internal (row-level security): the user holds the action with SELF scope; the policy
/// compares the row's owner columns with the user.
#[pg_extern(stable, parallel_restricted)]
fn _may_own(resource: &str, action: &str) -> Result<bool, ErrorReport> {
    Ok(match context::actor()? {
        Actor::Trusted { .. } | Actor::Nobody => false,
        Actor::User {
            user_id,
            organization_id,
        } => with_permissions(user_id, organization_id, |p| {
            p.permissions.grant(resource, action).is_some_and(|g| g.own)
        })?,
    })
}

/// The check behind _authorize and _require_permission: 42501 unless the acting user may
/// perform the action, 28000 without an authenticated user; trusted connections pass.
fn require(
    resource: &str,
    action: &str,
    project: Option<i64>,
    own: Option<bool>,
    what: &str,
) -> Result<bool, ErrorReport> {
    let ok = match context::actor()? {
        Actor::Trusted { .. } => true,
        Actor::Nobody => return Err(OfficeError::NoContext.into()),
        Actor::User {
            user_id,
            organization_id,
        } => with_permissions(user_id, organization_id, |p| {
            p.permissions
                .allowed(resource, action, project, own.unwrap_or(false))
        })?,
    };
    if ok {
        Ok(true)
    } else {
        Err(denied(resource, action, project, what))
    }
}

/// Internal (write triggers): raises 42501 unless the acting user may perform `action` on a
/// row of `resource` in `project` (NULL: no project; 0 or less: a parent the user cannot see)
/// that is or is not theirs. Statements running as a superuser (the extension's own SECURITY
/// DEFINER functions, a DBA) and trusted maintenance connections pass.
#[pg_extern(volatile, parallel_restricted)]
fn _authorize(
    resource: &str,
    action: &str,
    project: Option<i64>,
    own: Option<bool>,
    what: &str,
) -> Result<bool, ErrorReport> {
    if superuser_now() {
        return Ok(true);
    }
    require(resource, action, project, own, what)
}

/// Internal (SECURITY DEFINER functions, which run as a superuser and so pass the write
/// triggers): raises 42501 unless the acting user may perform the action, 28000 without an
/// authenticated user. Trusted maintenance connections pass.
#[pg_extern(volatile, parallel_restricted)]
fn _require_permission(
    resource: &str,
    action: &str,
    project: Option<i64>,
    own: Option<bool>,
    what: &str,
) -> Result<bool, ErrorReport> {
    require(resource, action, project, own, what)
}

/// Internal (hand-written authorization triggers): the acting user, NULL for statements that
/// run as a superuser or for a trusted maintenance connection, 28000 without a context.
#[pg_extern(stable, parallel_restricted)]
fn _acting_user() -> Result<Option<i64>, ErrorReport> {
    if superuser_now() {
        return Ok(None);
    }
    match context::actor()? {
        Actor::User { user_id, .. } => Ok(Some(user_id)),
        Actor::Trusted { .. } => Ok(None),
        Actor::Nobody => Err(OfficeError::NoContext.into()),
    }
}

/// Internal (owner's-rights views and search functions): the organizations whose rows the
/// caller may read: the authenticated one, the one a trusted connection set, or those granted
/// to a reporting role. 28000 for an application connection without a context.
#[pg_extern(stable, parallel_restricted)]
fn _readable_organizations() -> Result<Vec<i64>, ErrorReport> {
    match context::actor()? {
        Actor::User {
            organization_id, ..
        } => Ok(vec![organization_id]),
        Actor::Trusted { organization_id } => Ok(organization_id.into_iter().collect()),
        Actor::Nobody => {
            if reporting_reader() {
                _reporting_organizations()
            } else {
                Err(OfficeError::NoContext.into())
            }
        }
    }
}

/// The role a reporting decision is about: the current user in a policy or view, but the
/// connection's login inside the extension's SECURITY DEFINER searches, where the current user
/// is the owner (a superuser, who would count as a member of every reporting role).
fn caller_role() -> pg_sys::Oid {
    // SAFETY: plain reads of the backend's user ids and a catalog lookup.
    unsafe {
        let current = pg_sys::GetUserId();
        if pg_sys::superuser_arg(current) {
            pg_sys::GetSessionUserId()
        } else {
            current
        }
    }
}

/// Whether the caller reads as a reporting login (a member of officeauto_readonly).
fn reporting_reader() -> bool {
    // SAFETY: catalog lookups of a role; no error for a missing role.
    unsafe {
        let role = pg_sys::get_role_oid(c"officeauto_readonly".as_ptr(), true);
        role != pg_sys::InvalidOid && pg_sys::has_privs_of_role(caller_role(), role)
    }
}

fn denied(resource: &str, action: &str, project: Option<i64>, what: &str) -> ErrorReport {
    let place = match project {
        None => String::new(),
        Some(p) if p > 0 => format!(" in project {p}"),
        Some(_) => " on a row the user cannot see".to_owned(),
    };
    OfficeError::PermissionDenied(format!(
        "{what} needs the {resource} {action} permission{place}"
    ))
    .into()
}

/// Internal (statement triggers on the tables grants are read from, and users): kept
/// permissions are stale, in this backend now and, through an invalidation of the changed
/// table that PostgreSQL sends when the change commits, in every backend of the database.
#[pg_trigger]
fn _permissions_changed<'a>(
    trigger: &'a pgrx::PgTrigger<'a>,
) -> Result<Option<PgHeapTuple<'a, AllocatedByPostgres>>, ErrorReport> {
    bump();
    let rel = trigger.trigger_data().tg_relation;
    // The trigger lives only on the extension's own tables, so the name tells a grant table
    // (users is the one that is not): no catalog lookup on this path, which every login's
    // update of users takes.
    // SAFETY: the trigger's relation, open and locked by the statement.
    let name = unsafe { std::ffi::CStr::from_ptr((*(*rel).rd_rel).relname.data.as_ptr()) };
    if GRANT_TABLE_NAMES.contains(&name) {
        // SAFETY: queues an invalidation in the current transaction, as DDL does.
        unsafe { pg_sys::CacheInvalidateRelcache(rel) };
    }
    Ok(None)
}

/// Internal (row-level security for officeauto_readonly): the organizations whose rows the
/// current role may read, granted with grant_reporting_access().
#[pg_extern(stable, parallel_restricted)]
fn _reporting_organizations() -> Result<Vec<i64>, ErrorReport> {
    // Read before switching to the owner.
    let me = caller_role();
    Ok(as_extension_owner(|| {
        Ok(Spi::connect_mut(|client| {
            with_kept_plan(
                client,
                &REPORTING_PLAN,
                "SELECT coalesce(pg_catalog.array_agg(organization_id), '{}')
                   FROM officeauto.reporting_access
                  WHERE pg_catalog.pg_has_role($1, role_name, 'MEMBER')",
                &[PgOid::from(pg_sys::OIDOID)],
                |client, plan| {
                    client
                        .select(plan, Some(1), &[me.into()])?
                        .first()
                        .get_one::<Vec<i64>>()
                },
            )
        })?)
    })?
    .unwrap_or_default())
}
