//! A provider's resellers (a reseller sees the providers it authorized):
//! who they are, since when, what they support, and ending an authorization
//! with its consequence shown before it is made.

mod bulk;
mod invitations;
pub mod list;
mod providers;
pub mod reseller;

pub use bulk::update;
pub use invitations::{accept_invitation, invitation, invite};
pub use list::index;
pub use providers::{provider_show, provider_update};
pub use reseller::show;
