//! Work the server does with nobody clicking: every interval, the GDAP
//! relationships that reached their date are expired or extended
//! (`app::gdap::run_due`). Several servers may run it against one
//! PostgreSQL database: each relationship is changed once, under its row
//! lock.

use std::sync::Arc;
use std::time::Duration;

use crate::app::gdap::{self, JobRun};
use crate::db;
use crate::domain::Clock;

/// Runs the job now and then every `interval`, until the task is dropped.
pub async fn every(interval: Duration, pool: db::Pool, clock: Arc<dyn Clock>) {
    let mut ticks = actix_web::rt::time::interval(interval);
    // A run that took longer than the interval is not made up for.
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let (pool, now) = (pool.clone(), clock.now().naive_utc());
        let ran = actix_web::web::block(move || -> anyhow::Result<JobRun> {
            let mut conn = pool.get()?;
            Ok(gdap::run_due(&mut conn, now)?)
        })
        .await;
        match ran {
            Ok(Ok(run)) if run == JobRun::default() => {}
            Ok(Ok(run)) => tracing::info!(
                expired = run.expired,
                extended = run.extended,
                lapsed = run.lapsed,
                reverted = run.reverted,
                "GDAP relationships that reached their date"
            ),
            Ok(Err(error)) => {
                tracing::warn!(%error, "the GDAP job failed; it runs again next time")
            }
            Err(error) => tracing::warn!(%error, "the GDAP job could not run"),
        }
    }
}
