//! WhatsApp groups at work: listing a channel's groups before an import.

pub mod pre_import;
