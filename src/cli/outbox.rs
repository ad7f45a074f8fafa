//! `support-contacts outbox list`: the e-mail not sent yet, waiting for
//! its next attempt or given up, with its last error; what an operator
//! looks at when `SMTP_URL` is unset or the SMTP server refuses.

use clap::Subcommand;

use super::database_url;
use crate::db;

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// Lists e-mail not sent yet, oldest first.
    List {
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
}

pub fn run(action: OutboxCommand, raw_url: Option<String>) -> anyhow::Result<()> {
    let OutboxCommand::List { limit } = action;
    let url = database_url(raw_url)?;
    let mut listed = Ok(Vec::new());
    db::prepare(&url, |conn, _| {
        listed = crate::app::notify::unsent(conn, limit.clamp(1, 10_000));
        Ok(())
    })?;
    let listed = listed?;
    if listed.is_empty() {
        println!("the outbox is empty: every e-mail was sent");
        return Ok(());
    }
    println!("id\tstate\tattempts\tcreated\tnext attempt\trecipient\tlast error");
    for mail in listed {
        let state = if mail.failed_at.is_some() {
            "failed"
        } else {
            "waiting"
        };
        println!(
            "{}\t{state}\t{}\t{}\t{}\t{}\t{}",
            mail.id,
            mail.attempts,
            mail.created_at.format("%Y-%m-%d %H:%M:%S"),
            mail.next_attempt_at.format("%Y-%m-%d %H:%M:%S"),
            mail.recipient,
            mail.last_error.as_deref().unwrap_or("")
        );
    }
    Ok(())
}
