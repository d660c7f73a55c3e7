//! Instances sharing a PostgreSQL database hear each other's event appends (LISTEN/NOTIFY) and
//! not their own: the appending instance knows of those already.

use std::time::Duration;

use blocopro_domain::Timestamp;
use blocopro_domain::realtime::Audience;
use blocopro_store::{EventStore, NewEvent};
use blocopro_store_postgres::PostgresStore;

mod common;

fn event(kind: &str) -> NewEvent {
    NewEvent {
        company_id: uuid::Uuid::now_v7(),
        kind: kind.into(),
        audience: Audience::Company,
        data: serde_json::json!({}),
        created_at: Timestamp::now(),
    }
}

#[tokio::test]
async fn an_instance_hears_the_others_appends_and_not_its_own() {
    let url = common::fresh_database_url().await;
    let listening = PostgresStore::connect(&url).await.unwrap();
    let other = PostgresStore::connect(&url).await.unwrap();
    let mut ticks = listening.watch_event_appends().await.unwrap().expect("PostgreSQL announces appends");

    listening.append_events(&[event("mine")]).await.unwrap();
    // A notification travels in milliseconds; one that came would be waiting by now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(ticks.try_recv().is_err(), "its own append is not announced back to it");

    other.append_events(&[event("theirs")]).await.unwrap();
    let heard = tokio::time::timeout(Duration::from_secs(10), ticks.recv()).await;
    assert!(matches!(heard, Ok(Some(()))), "another instance's append is announced");
    assert_eq!(listening.events_after(None, 0, 10).await.unwrap().len(), 2);
}
