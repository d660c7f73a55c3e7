//! Views: what the API shows of the domain's resources. Each resource the API returns or accepts
//! has its view in the module of its area, named like its schema in the document (`ContactView`
//! is `Contact`); the domain's structs carry no schema, only its value enums do (behind the
//! `openapi` feature of blocopro-domain).

/// Declares a view that shows fields of a domain type as they are, and the `From` that copies
/// them, each through `Into` so that a nested resource becomes its own view. The view's doc
/// comments and `#[schema]` attributes are what the document says; a field the view leaves out
/// (a company id) is not shown. `from X, and back` also converts the view into `X` (a view that
/// requests send too).
macro_rules! view {
    (
        $(#[$meta:meta])*
        pub struct $view:ident from $domain:ty, and back {
            $($(#[$field_meta:meta])* pub $field:ident: $type:ty),* $(,)?
        }
    ) => {
        $crate::view::view! {
            $(#[$meta])*
            pub struct $view from $domain {
                $($(#[$field_meta])* pub $field: $type),*
            }
        }

        impl From<$view> for $domain {
            fn from(view: $view) -> Self {
                Self { $($field: view.$field.into()),* }
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $view:ident from $domain:ty {
            $($(#[$field_meta:meta])* pub $field:ident: $type:ty),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $view {
            $($(#[$field_meta])* pub $field: $type),*
        }

        impl From<$domain> for $view {
            fn from(value: $domain) -> Self {
                Self { $($field: value.$field.into()),* }
            }
        }
    };
}

pub(crate) use view;
