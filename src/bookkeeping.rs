//! INTERIM (replaced by the shared-memory transport): one short-lived dynamic worker per write.

use crate::error::OfficeError;
use pgrx::bgworkers::{
    BackgroundWorker, BackgroundWorkerBuilder, BgWorkerStartTime, SignalWakeFlags,
};
use pgrx::pg_sys;
use pgrx::prelude::*;

pub enum Op {
    LoginFailure,
    AmendFailure,
    RevokeFamily,
}

pub fn submit(op: Op, args: [Option<&str>; 4]) -> Result<i64, OfficeError> {
    let code = match op {
        Op::LoginFailure => "F",
        Op::AmendFailure => "A",
        Op::RevokeFamily => "R",
    };
    // SAFETY: plain reads of backend globals.
    let (pid, db) = unsafe { (pg_sys::MyProcPid, u32::from(pg_sys::MyDatabaseId)) };
    let mut extra = format!("{db}\x1f{code}");
    for a in args {
        extra.push('\x1f');
        if let Some(a) = a {
            extra.push_str(a);
        } else {
            extra.push('\x1e');
        }
    }
    while extra.len() > 127 {
        extra.pop();
    }
    let worker = BackgroundWorkerBuilder::new("officeauto bookkeeping")
        .set_library("officeauto")
        .set_function("officeauto_bookkeeping_main")
        .enable_spi_access()
        .set_start_time(BgWorkerStartTime::RecoveryFinished)
        .set_restart_time(None)
        .set_notify_pid(pid)
        .set_extra(&extra)
        .load_dynamic()
        .map_err(|_| OfficeError::Unavailable("no background worker slot for bookkeeping"))?;
    worker
        .wait_for_shutdown()
        .map_err(|_| OfficeError::Unavailable("the bookkeeping worker did not finish"))?;
    Ok(0)
}

#[pg_guard]
#[unsafe(no_mangle)]
pub extern "C-unwind" fn officeauto_bookkeeping_main(_arg: pg_sys::Datum) {
    BackgroundWorker::attach_signal_handlers(SignalWakeFlags::SIGTERM);
    let extra = BackgroundWorker::get_extra().to_string();
    let parts: Vec<Option<String>> = extra
        .split('\x1f')
        .map(|p| (p != "\x1e").then(|| p.to_string()))
        .collect();
    let db: u32 = parts[0]
        .as_deref()
        .and_then(|d| d.parse().ok())
        .unwrap_or(0);
    BackgroundWorker::connect_worker_to_spi_by_oid(Some(pg_sys::Oid::from(db)), None);
    let arg = |i: usize| parts.get(i).cloned().flatten();
    let r = BackgroundWorker::transaction(move || {
        Spi::run_with_args(
            "SELECT officeauto._bookkeeping_apply($1, $2, $3, $4, $5)",
            &[
                arg(1).into(),
                arg(2).into(),
                arg(3).into(),
                arg(4).into(),
                arg(5).into(),
            ],
        )
    });
    if let Err(e) = r {
        pgrx::log!("officeauto: security bookkeeping failed: {e}");
    }
}
