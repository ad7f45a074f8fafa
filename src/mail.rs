//! Sends the outbox over SMTP. Every `MAIL_INTERVAL_SECONDS` a server
//! claims what is due (`app::notify::claim_due`: one server gets each
//! e-mail), writes each in its recipient's language, plain text and HTML,
//! sends it, and records the outcome: sent, tried again later (a refusal
//! for now or a server out of reach, with backoff), or kept as failed (a
//! permanent refusal, or every attempt spent). Without `SMTP_URL` nothing
//! is sent and the outbox keeps everything for operators.

use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::app::notify::{self, Attempt, Notice};
use crate::db;
use crate::domain::Clock;
use crate::i18n::{Lang, Tr};
use crate::store::outbox::Mail;

/// E-mails one run sends, at most; the next run goes on.
const BATCH: i64 = 50;

/// Where e-mail goes out, and as whom.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The SMTP URL may carry a password: never shown.
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// `smtp://host:port`, `smtps://…` (TLS) or `smtp://…?tls=required`
    /// (STARTTLS), with `user:password@` when the server asks for them.
    pub fn new(smtp_url: &str, from: &str, public_url: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|_| anyhow::anyhow!("SMTP_URL is not an smtp:// or smtps:// URL"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("MAIL_FROM is not an address: {e}"))?;
        Ok(Self {
            transport,
            from,
            public_url: public_url.trim_end_matches('/').to_owned(),
        })
    }
}

#[derive(Template)]
#[template(path = "mail/notice.html")]
struct Html<'a> {
    lang: &'a str,
    title: &'a str,
    lines: &'a [String],
    more: Option<String>,
    open: &'a str,
    link: &'a str,
    footer: &'a str,
}

/// An e-mail's subject, plain text and HTML, in `lang`.
pub fn render(
    notice: &Notice,
    lang: Lang,
    public_url: &str,
) -> anyhow::Result<(String, String, String)> {
    let t = Tr::new(lang);
    let title = notice.title(&t);
    let (lines, more) = notice.lines(&t);
    let more = (more > 0).then(|| t.count("notifications-more", more));
    let open = match notice {
        Notice::RelationshipRequested { .. } => t.get("mail-request-open"),
        _ => t.get("mail-open"),
    };
    let link = format!("{public_url}{}", notice.path(false));
    let footer = t.get("mail-footer");
    let mut text = format!("{title}\n\n");
    for line in &lines {
        text.push_str(&format!("- {line}\n"));
    }
    if let Some(more) = &more {
        text.push_str(&format!("{more}\n"));
    }
    if !lines.is_empty() {
        text.push('\n');
    }
    text.push_str(&format!("{open}\n{link}\n\n-- \n{footer}\n"));
    let html = Html {
        lang: lang.html_lang(),
        title: &title,
        lines: &lines,
        more,
        open: &open,
        link: &link,
        footer: &footer,
    }
    .render()?;
    Ok((title, text, html))
}

fn message(mailer: &Mailer, mail: &Mail) -> anyhow::Result<Message> {
    let notice = Notice::from_json(&mail.body)?;
    let lang = Lang::from_tag(&mail.language).unwrap_or_default();
    let (subject, text, html) = render(&notice, lang, &mailer.public_url)?;
    Ok(Message::builder()
        .from(mailer.from.clone())
        .to(mail.recipient.parse()?)
        .subject(subject)
        .multipart(MultiPart::alternative_plain_html(text, html))?)
}

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sent {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Sends what is due at `now`: each e-mail claimed by this run alone.
pub async fn send_due(
    pool: &db::Pool,
    mailer: &Mailer,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<Sent> {
    let claim = uuid::Uuid::new_v4().to_string();
    let claimed = {
        let (pool, claim) = (pool.clone(), claim.clone());
        actix_web::web::block(move || -> anyhow::Result<Vec<Mail>> {
            let mut conn = pool.get()?;
            Ok(notify::claim_due(&mut conn, &claim, now, BATCH)?)
        })
        .await??
    };
    let mut done = Sent::default();
    for mail in claimed {
        let outcome = match message(mailer, &mail) {
            Err(e) => Err((true, e.to_string())),
            Ok(message) => match mailer.transport.send(message).await {
                Ok(_) => Ok(()),
                Err(e) => Err((e.is_permanent(), e.to_string())),
            },
        };
        match &outcome {
            Ok(()) => done.sent += 1,
            Err((true, _)) => done.failed += 1,
            Err((false, _)) if mail.attempts + 1 >= notify::MAX_ATTEMPTS => done.failed += 1,
            Err((false, _)) => done.retried += 1,
        }
        if let Err((_, error)) = &outcome {
            tracing::warn!(mail = mail.id, attempts = mail.attempts + 1, %error, "an e-mail was not sent");
        }
        let (pool, claim) = (pool.clone(), claim.clone());
        actix_web::web::block(move || -> anyhow::Result<bool> {
            let mut conn = pool.get()?;
            let attempt = match &outcome {
                Ok(()) => Attempt::Sent,
                Err((true, e)) => Attempt::Refused(e),
                Err((false, e)) => Attempt::Failed(e),
            };
            Ok(notify::record_attempt(
                &mut conn, &mail, &claim, attempt, now,
            )?)
        })
        .await??;
    }
    Ok(done)
}

/// Sends the outbox now and then every `interval`, until the task is
/// dropped.
pub async fn every(interval: Duration, pool: db::Pool, clock: Arc<dyn Clock>, mailer: Mailer) {
    let mut ticks = actix_web::rt::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match send_due(&pool, &mailer, clock.now().naive_utc()).await {
            Ok(run) if run == Sent::default() => {}
            Ok(run) => tracing::info!(
                sent = run.sent,
                retried = run.retried,
                failed = run.failed,
                "e-mail from the outbox"
            ),
            Err(error) => {
                tracing::warn!(%error, "the outbox could not be sent; it is tried again next time")
            }
        }
    }
}
