use actix_session::Session;
use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppError;
use crate::web::extract::CustomerAdmin;
use crate::web::language::Ui;
use crate::web::{PageContext, render};

#[derive(Template)]
#[template(path = "admin/home.html")]
struct HomePage {
    ctx: PageContext,
    company_name: String,
    domain: String,
    country: String,
}

#[tracing::instrument(skip_all, fields(user_id = who.user.id))]
pub async fn show(ui: Ui, session: Session, who: CustomerAdmin) -> Result<HttpResponse, AppError> {
    let page = HomePage {
        ctx: PageContext::admin(&ui, &who, &session, "home")?,
        company_name: who.customer.company_name.clone(),
        domain: who.customer.domain.clone(),
        country: who.customer.country.clone(),
    };
    render(&page)
}
