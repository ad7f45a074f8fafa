//! `/admin/gdap/{gdap_id}`: a customer admin terminates one of the
//! customer's granular delegated admin relationships, after seeing which
//! subscriptions' contact would go back to their provider.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::app;
use crate::app::gdap::Side;
use crate::app::read;
use crate::app::read::gdap::One;
use crate::error::AppError;
use crate::web::extract::{CustomerAdmin, CustomerAdminPage};
use crate::web::flash::Flash;
use crate::web::gdap::{Shown, TerminateForm, Terminated, id_from_path, shown};
use crate::web::language::Ui;
use crate::web::{PageContext, State, render_status, see_other};

#[derive(Template)]
#[template(path = "admin/gdap_confirm.html")]
struct ConfirmPage {
    ctx: PageContext,
    gdap: Shown,
}

fn render(
    ui: &Ui,
    session: &Session,
    who: &CustomerAdmin,
    one: One,
) -> Result<HttpResponse, AppError> {
    let ctx = PageContext::admin(ui, who, session, "partners")?;
    let page = ConfirmPage {
        gdap: shown(&ctx.t, one),
        ctx,
    };
    render_status(StatusCode::OK, &page)
}

/// `GET /admin/gdap/{gdap_id}`: one database hop, the session check included.
#[tracing::instrument(skip_all)]
pub async fn confirm(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: CustomerAdminPage,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id_from_path(&path)?;
    let now = state.now();
    let (who, one) = one_hop
        .load(move |conn, who| Ok(read::gdap::customer_one(conn, who.caller(), &id, now)?))
        .await?;
    render(&ui, &session, &who, one)
}

/// `POST /admin/gdap/{gdap_id}` with `confirmed=yes`: terminated, and back
/// to the Partners page; without it, the confirmation again.
#[tracing::instrument(skip_all)]
pub async fn terminate(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: CustomerAdminPage,
    path: web::Path<String>,
    form: web::Form<TerminateForm>,
) -> Result<HttpResponse, AppError> {
    let id = id_from_path(&path)?;
    let confirmed = form.is_confirmed();
    let now = state.now();
    let (who, done) = one_hop
        .load(move |conn, who| {
            if !confirmed {
                let one = read::gdap::customer_one(conn, who.caller(), &id, now)?;
                return Ok(Terminated::Ask(Box::new(one)));
            }
            match app::gdap::terminate(conn, Side::Customer(who.caller()), &id, now) {
                Ok((gdap, reverted)) => Ok(Terminated::Done {
                    name: gdap.display_name,
                    reverted: reverted.len(),
                }),
                Err(app::Error::Invalid { .. }) => Ok(Terminated::AlreadyEnded),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    match done {
        Terminated::Done { name, reverted } => {
            Flash::GdapTerminated { name, reverted }.set(&session);
            Ok(see_other("/admin/partners"))
        }
        Terminated::AlreadyEnded => {
            Flash::GdapAlreadyEnded.set(&session);
            Ok(see_other("/admin/partners"))
        }
        Terminated::Ask(one) => render(&ui, &session, &who, *one),
    }
}
