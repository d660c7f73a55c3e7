//! Reports read the company's attendants, with their access hours and the presence periods that
//! overlap the range, and nobody else's.

use blocopro_domain::access_hours::AccessHours;
use blocopro_domain::presence::PresenceStatus;
use jiff::SignedDuration;

use crate::DynStore;
use crate::conformance::*;

pub async fn reports_read_the_companys_attendants_and_their_presence(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let globex = company(&store, "Globex").await;
    let bia = user(&store, acme.id, "Bia", "bia@acme.test", false).await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.test", true).await;
    let theirs = user(&store, globex.id, "Gil", "gil@globex.test", false).await;
    let start = now() - SignedDuration::from_hours(10);
    let at = |hours: i64| start + SignedDuration::from_hours(hours);
    store.set_presence(acme.id, bia.id, PresenceStatus::Online, at(0)).await.unwrap();
    store.set_presence(acme.id, bia.id, PresenceStatus::Away, at(2)).await.unwrap();
    store.set_presence(acme.id, bia.id, PresenceStatus::Offline, at(3)).await.unwrap();
    store.set_presence(globex.id, theirs.id, PresenceStatus::Online, at(1)).await.unwrap();
    let hours = AccessHours { enabled: true, ..AccessHours::unrestricted("America/Sao_Paulo") };
    store
        .put_access_hours(acme.id, bia.id, &hours, &audit(acme.id, "user.access_hours_set", Some(bia.id)))
        .await
        .unwrap();

    let read = store.attendants_presence(acme.id, None, at(1), at(4)).await.unwrap();
    let names: Vec<&str> = read.iter().map(|attendant| attendant.name.as_str()).collect();
    assert_eq!(names, ["Ana", "Bia"], "the company's users, by name");
    assert_eq!(read[0].user_id, ana.id);
    assert!(read[0].periods.is_empty() && read[0].is_admin && read[0].access_hours.is_none());
    let statuses: Vec<PresenceStatus> = read[1].periods.iter().map(|period| period.status).collect();
    assert_eq!(
        statuses,
        [PresenceStatus::Online, PresenceStatus::Away, PresenceStatus::Offline],
        "overlapping, oldest first"
    );
    assert_eq!(read[1].access_hours, Some(hours));

    let later = store.attendants_presence(acme.id, Some(bia.id), at(5), at(6)).await.unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].periods.len(), 1, "the offline period still open");
    assert!(store.attendants_presence(acme.id, Some(theirs.id), at(0), at(9)).await.unwrap().is_empty());
    let others = store.attendants_presence(globex.id, None, at(0), at(9)).await.unwrap();
    assert_eq!((others.len(), others[0].periods.len()), (1, 1));
}
