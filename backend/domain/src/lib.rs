//! BlocoPro's pure domain: the types every layer shares and the rules that decide things
//! (permissions, access hours, presence totals, login lockout, input validation).
//! Nothing here does IO; everything here is unit-tested.

pub mod access_hours;
pub mod agenda;
pub mod audit;
pub mod business_hours;
pub mod channel;
pub mod company;
pub mod contact;
pub mod conversation;
pub mod department;
pub mod download;
pub mod error;
pub mod event;
pub mod flow;
pub mod group;
pub mod label;
pub mod lockout;
pub mod media;
pub mod message;
pub mod message_search;
pub mod outbox;
pub mod permissions;
pub mod presence;
pub mod quick_reply;
pub mod realtime;
pub mod reports;
pub mod retry;
pub mod template;
pub mod text;
pub mod token;
pub mod user;
pub mod validation;
pub mod webhook;

pub use error::{Error, FieldErrors};

/// All timestamps are UTC instants.
pub type Timestamp = jiff::Timestamp;

/// Declares a string-valued enum with serde names, `as_str` and `parse`, so stores and the API
/// spell each value the same way; with the `openapi` feature (the API's) it documents itself.
#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident => $text:tt),+ $(,)? }) => {
        $crate::plain_text_enum! {
            // Evaluated where the macro is expanded: only this crate declares value enums with it.
            #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
            $(#[$meta])*
            pub enum $name { $($variant => $text),+ }
        }
    };
}

/// `text_enum` without the OpenAPI schema: for values the API describes in its own words.
#[macro_export]
macro_rules! plain_text_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident => $text:tt),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
