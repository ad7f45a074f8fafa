use actix_session::Session;
use actix_web::HttpResponse;

use crate::error::AppError;
use crate::web::session::SESSION_ID;
use crate::web::{State, see_other};

/// Signing out ends the stored session, so a copy of the cookie stops
/// working on every server at once, and forgets the whole cookie session.
#[tracing::instrument(skip_all)]
pub async fn submit(state: State, session: Session) -> Result<HttpResponse, AppError> {
    let sid = session.get::<String>(SESSION_ID).ok().flatten();
    session.purge();
    if let Some(sid) = sid {
        state
            .db(move |conn| Ok(crate::app::sign_in::sign_out(conn, &sid)?))
            .await?;
    }
    Ok(see_other("/login"))
}
