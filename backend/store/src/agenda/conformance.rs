//! The agenda: appointments per owner, listed by start within a range, with owner and contact
//! checked to be the company's.

use blocopro_domain::agenda::AgendaEvent;
use blocopro_domain::contact::Contact;
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::*;
use crate::{AgendaFilter, DynStore, PageRequest, StoreError};

fn appointment(company_id: Uuid, user_id: Uuid, title: &str, hours_from_now: i64) -> AgendaEvent {
    let starts_at = now() + SignedDuration::from_hours(hours_from_now);
    AgendaEvent {
        id: Uuid::now_v7(),
        company_id,
        user_id,
        title: title.into(),
        starts_at,
        ends_at: starts_at + SignedDuration::from_mins(30),
        notes: None,
        contact_id: None,
        created_at: now(),
        updated_at: now(),
    }
}

async fn titles(store: &DynStore, company_id: Uuid, filter: AgendaFilter) -> Vec<String> {
    let page = store.list_agenda_events(company_id, &filter, PageRequest::first(50)).await.unwrap();
    page.items.into_iter().map(|event| event.title).collect()
}

pub async fn agenda_events_belong_to_the_company(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", false).await;
    let bia = user(&store, acme.id, "Bia", "bia@acme.com", false).await;
    let outsider = user(&store, beta.id, "Caio", "caio@beta.com", false).await;
    let theirs = Contact::of_number(Uuid::now_v7(), beta.id, "+5511911112222", now());
    store.create_contact(&theirs, &audit(beta.id, "contact.created", Some(theirs.id))).await.unwrap();

    let later = appointment(acme.id, ana.id, "Retorno", 5);
    store.create_agenda_event(&later).await.unwrap();
    store.create_agenda_event(&appointment(acme.id, ana.id, "Visita", 1)).await.unwrap();
    store.create_agenda_event(&appointment(acme.id, bia.id, "Reunião", 2)).await.unwrap();
    assert_eq!(titles(&store, acme.id, AgendaFilter::default()).await, ["Visita", "Reunião", "Retorno"]);
    let anas = AgendaFilter { user_id: Some(ana.id), ..AgendaFilter::default() };
    assert_eq!(titles(&store, acme.id, anas).await, ["Visita", "Retorno"]);
    let soon = AgendaFilter { to: Some(now() + SignedDuration::from_hours(3)), ..AgendaFilter::default() };
    assert_eq!(titles(&store, acme.id, soon).await, ["Visita", "Reunião"]);
    assert!(titles(&store, beta.id, AgendaFilter::default()).await.is_empty());
    let customer = Contact::of_number(Uuid::now_v7(), acme.id, "+5511933334444", now());
    store.create_contact(&customer, &audit(acme.id, "contact.created", Some(customer.id))).await.unwrap();
    let with_customer = AgendaEvent { contact_id: Some(customer.id), ..appointment(acme.id, ana.id, "Entrega", 3) };
    store.create_agenda_event(&with_customer).await.unwrap();
    let customers = AgendaFilter { contact_id: Some(customer.id), ..AgendaFilter::default() };
    assert_eq!(titles(&store, acme.id, customers).await, ["Entrega"]);
    store.delete_agenda_event(acme.id, with_customer.id).await.unwrap();

    let foreign_owner = appointment(acme.id, outsider.id, "Intrusa", 1);
    let refused = store.create_agenda_event(&foreign_owner).await;
    assert!(matches!(refused, Err(StoreError::UnknownReferences(ids)) if ids == vec![outsider.id]));
    let foreign_contact = AgendaEvent { contact_id: Some(theirs.id), ..appointment(acme.id, ana.id, "Cliente", 1) };
    let refused = store.create_agenda_event(&foreign_contact).await;
    assert!(matches!(refused, Err(StoreError::UnknownReferences(ids)) if ids == vec![theirs.id]));
    let moved = AgendaEvent { user_id: outsider.id, ..later.clone() };
    assert!(matches!(store.update_agenda_event(&moved).await, Err(StoreError::UnknownReferences(_))));

    let renamed = AgendaEvent { title: "Retorno (confirmado)".into(), ..later.clone() };
    store.update_agenda_event(&renamed).await.unwrap();
    assert_eq!(store.get_agenda_event(acme.id, later.id).await.unwrap(), Some(renamed));
    assert_eq!(store.get_agenda_event(beta.id, later.id).await.unwrap(), None, "invisible to another company");
    assert!(matches!(store.delete_agenda_event(beta.id, later.id).await, Err(StoreError::NotFound)));
    store.delete_agenda_event(acme.id, later.id).await.unwrap();
    assert_eq!(store.get_agenda_event(acme.id, later.id).await.unwrap(), None);
}
