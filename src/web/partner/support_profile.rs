//! `/partner/support-profile`: the support e-mail, telephone and website
//! the partner's customers see. Admin agents change them; everyone sees
//! them. "Preview" shows, without saving, how the customer's Support page
//! will show what was typed; "Save" keeps it (`app::partners::
//! set_support_profile`, audited with before and after).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::app;
use crate::domain::{Partner, SupportProfile};
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::flash::Flash;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render_status, see_other};

const PATH: &str = "/partner/support-profile";

#[derive(Template)]
#[template(path = "partner/support_profile.html")]
struct ProfilePage {
    ctx: PageContext,
    can_manage: bool,
    form: ProfileForm,
    /// Each field's problem, in the form's order.
    problems: Vec<(&'static str, &'static str)>,
    /// The partner as customers would see it with what the form holds.
    preview: Option<Partner>,
    /// Shown on a preview: nothing is saved yet.
    previewing: bool,
}

impl ProfilePage {
    fn problem(&self, field: &str) -> Option<&'static str> {
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| *p)
    }
}

/// The form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    telephone: String,
    #[serde(default)]
    website: String,
    /// `preview` shows it; anything else saves it.
    #[serde(default)]
    action: String,
}

impl ProfileForm {
    fn of(profile: &SupportProfile) -> Self {
        Self {
            email: profile.email.clone(),
            telephone: profile.telephone.clone(),
            website: profile.website.clone(),
            action: String::new(),
        }
    }
}

fn page(
    ui: &Ui,
    session: &Session,
    who: &PartnerUser,
    form: ProfileForm,
    checked: Result<SupportProfile, Vec<(&'static str, &'static str)>>,
    previewing: bool,
) -> Result<ProfilePage, AppError> {
    let (preview, problems) = match checked {
        Ok(support) => (
            Some(Partner {
                support,
                ..who.partner.clone()
            }),
            Vec::new(),
        ),
        Err(problems) => (None, problems),
    };
    Ok(ProfilePage {
        ctx: PageContext::partner(ui, who, session, "support-profile")?,
        can_manage: who.user.is_admin_agent(),
        form,
        problems,
        preview,
        previewing,
    })
}

/// `GET /partner/support-profile`: one database hop, the session check included.
#[tracing::instrument(skip_all)]
pub async fn show(
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
) -> Result<HttpResponse, AppError> {
    let (who, ()) = one_hop.load(|_, _| Ok(())).await?;
    let support = who.partner.support.clone();
    let form = ProfileForm::of(&support);
    render_status(
        StatusCode::OK,
        &page(&ui, &session, &who, form, Ok(support), false)?,
    )
}

/// `POST /partner/support-profile`: preview, or save and come back.
#[tracing::instrument(skip_all)]
pub async fn update(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    form: web::Form<ProfileForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let checked = SupportProfile::check(&form.email, &form.telephone, &form.website);
    let previewing = form.action == "preview";
    if previewing || checked.is_err() {
        let (who, ()) = one_hop.load(|_, _| Ok(())).await?;
        let status = if checked.is_err() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        return render_status(
            status,
            &page(&ui, &session, &who, form, checked, previewing)?,
        );
    }
    let now = state.now();
    let (email, telephone, website) = (
        form.email.clone(),
        form.telephone.clone(),
        form.website.clone(),
    );
    let (who, saved) = one_hop
        .load(move |conn, who| {
            Ok(app::partners::set_support_profile(
                conn,
                who.caller(),
                &email,
                &telephone,
                &website,
                now,
            ))
        })
        .await?;
    match saved {
        Ok(_) => {
            Flash::SupportProfileSaved.set(&session);
            Ok(see_other(PATH))
        }
        Err(app::Error::Invalid { field, problem }) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(
                &ui,
                &session,
                &who,
                form,
                Err(vec![(field, problem)]),
                false,
            )?,
        ),
        Err(e) => Err(e.into()),
    }
}
