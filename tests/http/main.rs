//! HTTP-level tests: each starts the real app on its own fresh database.

mod fixtures;
mod helpers;
mod language;
mod matrix;

mod access;
mod activity;
mod api;
mod api_contacts;
mod api_directory;
mod api_matrix;
mod api_rate;
mod assign;
mod auth;
mod bad_input;
mod bad_input_table;
mod browser;
mod bulk_lists;
mod cli;
mod core;
mod customer_list;
mod customers;
mod dashboard;
mod demo;
mod gdap;
mod lifecycle;
mod operations;
mod pages;
mod postgres;
mod process;
mod relationships;
mod requests;
mod resellers;
mod security;
mod sessions;
mod users;
