//! Contacts: one per number and company, wallets, search, deletion and isolation.

use blocopro_domain::channel::{ChannelKind, ChannelMessage};
use blocopro_domain::contact::Contact;
use uuid::Uuid;

use crate::conformance::*;
use crate::{ContactFilter, DynStore, PageRequest, StoreError};

fn contact(company_id: Uuid, phone: &str, name: Option<&str>, owner_id: Option<Uuid>) -> Contact {
    Contact {
        name: name.map(str::to_owned),
        email: name.map(|name| format!("{}@cliente.com.br", name.to_lowercase().replace(' ', "."))),
        tags: vec!["VIP".into()],
        notes: Some("Prefere ser atendida de manhã".into()),
        owner_id,
        ..Contact::of_number(Uuid::now_v7(), company_id, phone, now())
    }
}

async fn list(store: &DynStore, company_id: Uuid, filter: ContactFilter) -> Vec<String> {
    let page = store.list_contacts(company_id, &filter, PageRequest::first(50)).await.unwrap();
    page.items.into_iter().map(|contact| contact.name.unwrap_or(contact.phone)).collect()
}

pub async fn contacts_round_trip_in_wallets(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let ana = user(&store, acme.id, "Ana", "ana-contacts@acme.test", false).await;
    let created = contact(acme.id, "+5511900000001", Some("Zélia Souza"), Some(ana.id));
    let stored = store.create_contact(&created, &audit(acme.id, "contact.created", None)).await.unwrap();
    assert_eq!(stored, created);
    assert_eq!(store.get_contact(acme.id, created.id).await.unwrap(), Some(created.clone()));
    let second = contact(acme.id, "+5511900000002", Some("ÁLVARO Lima"), None);
    store.create_contact(&second, &audit(acme.id, "contact.created", None)).await.unwrap();
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let group = snapshot("1@g.us", "Vendas", &[("+5511900000003", false)]);
    store.import_groups(acme.id, sim.id, &[group], now(), &audit(acme.id, "groups.imported", None)).await.unwrap();

    assert_eq!(list(&store, acme.id, ContactFilter::default()).await, ["ÁLVARO Lima", "Zélia Souza", "+5511900000003"]);
    let search = |text: &str| ContactFilter { search: Some(text.into()), ..Default::default() };
    assert_eq!(list(&store, acme.id, search("álvaro")).await, ["ÁLVARO Lima"], "by name, any case");
    assert_eq!(list(&store, acme.id, search("alvaro")).await, ["ÁLVARO Lima"], "without accents");
    assert_eq!(list(&store, acme.id, search("zelia.souza@cliente")).await, ["Zélia Souza"], "by e-mail");
    assert_eq!(list(&store, acme.id, search("900000002")).await, ["ÁLVARO Lima"], "by digits");
    let owned = ContactFilter { owner_id: Some(ana.id), ..Default::default() };
    assert_eq!(list(&store, acme.id, owned).await, ["Zélia Souza"]);
    let first = store.list_contacts(acme.id, &ContactFilter::default(), PageRequest::first(2)).await.unwrap();
    let cursor = first.next_cursor.map(|c| c.parse().unwrap());
    let rest =
        store.list_contacts(acme.id, &ContactFilter::default(), PageRequest::new(Some(2), cursor)).await.unwrap();
    assert_eq!((rest.items.len(), rest.items[0].phone.as_str(), rest.next_cursor), (1, "+5511900000003", None));

    let known_number = contact(acme.id, "+5511900000003", Some("Outro"), None);
    let taken = store.create_contact(&known_number, &audit(acme.id, "x", None)).await;
    assert!(matches!(taken, Err(StoreError::Duplicate { field: Some("phone") })));

    let renamed = Contact { name: Some("Zélia S.".into()), owner_id: None, updated_at: now(), ..created.clone() };
    store.update_contact(&renamed, &audit(acme.id, "contact.updated", Some(created.id))).await.unwrap();
    assert_eq!(store.get_contact(acme.id, created.id).await.unwrap(), Some(renamed.clone()));

    let globex = company(&store, "Globex").await;
    let stranger = user(&store, globex.id, "Gil", "gil-contacts@globex.test", false).await;
    let elsewhere = Contact { owner_id: Some(stranger.id), ..renamed.clone() };
    let refused = store.update_contact(&elsewhere, &audit(acme.id, "contact.updated", None)).await;
    assert!(matches!(refused, Err(StoreError::UnknownReferences(ids)) if ids == [stranger.id]));
    assert_eq!(store.get_contact(globex.id, created.id).await.unwrap(), None);
    assert!(list(&store, globex.id, ContactFilter::default()).await.is_empty());
    let theirs = Contact { company_id: globex.id, ..renamed.clone() };
    assert!(matches!(store.update_contact(&theirs, &audit(globex.id, "x", None)).await, Err(StoreError::NotFound)));
    let delete_theirs = store.delete_contact(globex.id, created.id, now(), &audit(globex.id, "x", None)).await;
    assert!(matches!(delete_theirs, Err(StoreError::NotFound)));
    let same_number = contact(globex.id, "+5511900000001", Some("Zélia"), None);
    store.create_contact(&same_number, &audit(globex.id, "contact.created", None)).await.unwrap();

    store.delete_contact(acme.id, created.id, now(), &audit(acme.id, "contact.deleted", None)).await.unwrap();
    assert_eq!(store.get_contact(acme.id, created.id).await.unwrap(), None);
    assert_eq!(list(&store, acme.id, ContactFilter::default()).await, ["ÁLVARO Lima", "+5511900000003"]);
    let again = contact(acme.id, "+5511900000001", Some("Zélia Souza Neta"), Some(ana.id));
    let revived = store.create_contact(&again, &audit(acme.id, "contact.created", None)).await.unwrap();
    assert_eq!(
        (revived.id, revived.name.as_deref()),
        (created.id, Some("Zélia Souza Neta")),
        "the number comes back as itself"
    );
}

pub async fn a_profile_name_names_only_contacts_without_one(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let named = |search: &str| ContactFilter { search: Some(search.into()), ..ContactFilter::default() };
    assert!(store.name_contact_from_profile(acme.id, "+5511900000011", "Maria Souza", now()).await.unwrap());
    assert_eq!(list(&store, acme.id, named("maria")).await, ["Maria Souza"], "a new number, named and searchable");
    assert!(!store.name_contact_from_profile(acme.id, "+5511900000011", "Mari", now()).await.unwrap());

    let unnamed = contact(acme.id, "+5511900000012", None, None);
    store.create_contact(&unnamed, &audit(acme.id, "contact.created", None)).await.unwrap();
    assert!(store.name_contact_from_profile(acme.id, "+5511900000012", "João", now()).await.unwrap());
    assert_eq!(store.get_contact(acme.id, unnamed.id).await.unwrap().unwrap().name.as_deref(), Some("João"));
    let given = contact(acme.id, "+5511900000013", Some("Dona Zélia"), None);
    store.create_contact(&given, &audit(acme.id, "contact.created", None)).await.unwrap();
    assert!(!store.name_contact_from_profile(acme.id, "+5511900000013", "Zezé", now()).await.unwrap());
    assert_eq!(list(&store, acme.id, named("zélia")).await, ["Dona Zélia"], "a name someone gave stays");

    let globex = company(&store, "Globex").await;
    assert!(store.name_contact_from_profile(globex.id, "+5511900000013", "Zezé", now()).await.unwrap());
    assert_eq!(list(&store, globex.id, ContactFilter::default()).await, ["Zezé"], "per company");
}

pub async fn a_changed_number_keeps_one_contact_and_one_history(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let (old, new) = ("+5511988887777", "+5511966665555");
    store.insert_inbound_messages(&[(acme.id, inbound(sim.id, "in-1", "Oi"))]).await.unwrap();
    while !store.fold_received_messages(10, now()).await.unwrap().messages.is_empty() {}
    let before = store.find_conversation_of_chat(sim.id, old).await.unwrap().unwrap();

    assert!(store.move_to_new_number(acme.id, sim.id, old, new, now()).await.unwrap());
    assert!(store.find_conversation_of_chat(sim.id, old).await.unwrap().is_none());
    let after = store.find_conversation_of_chat(sim.id, new).await.unwrap().unwrap();
    assert_eq!((after.id, after.contact_id), (before.id, before.contact_id), "the same conversation and contact");
    let contact = store.get_contact(acme.id, after.contact_id.unwrap()).await.unwrap().unwrap();
    assert_eq!(contact.phone, new);
    let filter = crate::MessageFilter { chat_id: Some(new.into()) };
    let history = store.list_channel_messages(acme.id, sim.id, &filter, PageRequest::first(10)).await.unwrap();
    assert_eq!(history.items.len(), 1, "the history continues under the new number");

    assert!(!store.move_to_new_number(acme.id, sim.id, old, new, now()).await.unwrap(), "nothing left to move");
    let taken = "+5511955554444";
    store.create_contact(&contact_with(acme.id, taken), &audit(acme.id, "contact.created", None)).await.unwrap();
    store
        .insert_inbound_messages(&[(
            acme.id,
            ChannelMessage { chat_id: taken.into(), sender: taken.into(), ..inbound(sim.id, "in-2", "Oi") },
        )])
        .await
        .unwrap();
    while !store.fold_received_messages(10, now()).await.unwrap().messages.is_empty() {}
    assert!(
        !store.move_to_new_number(acme.id, sim.id, new, taken, now()).await.unwrap(),
        "a chat with the new number stays apart"
    );
    assert_eq!(store.get_contact(acme.id, contact.id).await.unwrap().unwrap().phone, new, "and so does its contact");
}

fn contact_with(company_id: Uuid, phone: &str) -> Contact {
    contact(company_id, phone, Some("Outra Pessoa"), None)
}
