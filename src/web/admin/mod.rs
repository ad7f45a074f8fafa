pub mod activity;
pub mod gdap;
pub mod home;
pub mod partners;
pub mod support;
