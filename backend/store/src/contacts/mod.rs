//! Contacts: one per number and company, in an attendant's wallet.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::contact::Contact;
use uuid::Uuid;

use crate::{Page, PageRequest, StoreResult, UniqueIndex};

/// The unique indexes of the area (migrations) and the field each protects.
pub(crate) const UNIQUE_INDEXES: &[UniqueIndex] = &[PHONE_KEY];

/// One contact per number and company (`create_contact` answers its violation itself).
pub const PHONE_KEY: UniqueIndex = UniqueIndex {
    name: "contacts_company_id_phone_key",
    columns: "contacts.company_id, contacts.phone",
    field: "phone",
};

/// Filters of the contact list; `None` leaves a filter off.
#[derive(Debug, Clone, Default)]
pub struct ContactFilter {
    /// Part of the name, e-mail or number.
    pub search: Option<String>,
    pub owner_id: Option<Uuid>,
}

#[async_trait]
pub trait ContactStore: Send + Sync {
    /// Creates the contact. A number the company knows already is `Duplicate` — unless its contact
    /// was deleted, which then comes back (same id) with the new details. Answers the stored contact.
    async fn create_contact(&self, contact: &Contact, audit: &NewAuditEntry) -> StoreResult<Contact>;
    async fn get_contact(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Contact>>;
    /// Contacts by name (or number when nameless).
    async fn list_contacts(
        &self,
        company_id: Uuid,
        filter: &ContactFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Contact>>;
    /// Stores the contact's details; an owner who is not a user of the company is `UnknownReferences`.
    async fn update_contact(&self, contact: &Contact, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Names the number's contact after the sender's WhatsApp profile when it has no name (a
    /// name someone gave it stays); a number the company does not know yet becomes a named
    /// contact. Answers whether anything changed. A deleted contact is not brought back.
    async fn name_contact_from_profile(
        &self,
        company_id: Uuid,
        phone: &str,
        name: &str,
        now: Timestamp,
    ) -> StoreResult<bool>;
    /// The customer who wrote from `old` on the channel now writes from `new` (WhatsApp's "changed
    /// number"): the company's contact of `old` takes `new` (unless the company knows `new`
    /// already), and the channel's direct chat with `old` continues under `new`, its conversation
    /// and messages with it (unless a chat with `new` exists already). Answers whether the chat moved.
    async fn move_to_new_number(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        old: &str,
        new: &str,
        now: Timestamp,
    ) -> StoreResult<bool>;
    /// Deletes the contact: its personal data are cleared; the number stays for the groups it is in.
    async fn delete_contact(
        &self,
        company_id: Uuid,
        id: Uuid,
        now: Timestamp,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
}
