pub mod home;
pub mod support;
