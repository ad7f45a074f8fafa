use actix_session::Session;
use actix_web::HttpResponse;

use crate::web::see_other;

/// Signing out forgets the whole session.
#[tracing::instrument(skip_all)]
pub async fn submit(session: Session) -> HttpResponse {
    session.purge();
    see_other("/login")
}
