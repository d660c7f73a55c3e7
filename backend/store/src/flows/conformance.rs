//! Greeting flows keep their departments (the company's only), and a department a flow sends to
//! stays until the flow changes.

use blocopro_domain::channel::ChannelKind;
use blocopro_domain::flow::{Flow, FlowOption};

use crate::conformance::*;
use crate::{DynStore, InUse, StoreError};

pub async fn flows_keep_their_departments(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let sales = department(&store, acme.id, "Vendas").await;
    assert!(store.get_flow(acme.id, sim.id).await.unwrap().is_none());
    let option = FlowOption { number: 1, label: "Vendas".into(), department_id: sales.id };
    let flow = Flow { enabled: true, greeting: "Olá".into(), options: vec![option], ..Flow::off(acme.id, sim.id) };
    store.put_flow(&flow, &audit(acme.id, "channel.flow_set", Some(sim.id))).await.unwrap();
    assert_eq!(store.get_flow(acme.id, sim.id).await.unwrap(), Some(flow.clone()));

    let globex = company(&store, "Globex").await;
    let theirs = department(&store, globex.id, "Deles").await;
    let foreign =
        Flow { options: vec![FlowOption { department_id: theirs.id, ..flow.options[0].clone() }], ..flow.clone() };
    let refused = store.put_flow(&foreign, &audit(acme.id, "channel.flow_set", None)).await;
    assert!(matches!(refused, Err(StoreError::UnknownReferences(ids)) if ids == [theirs.id]));
    let elsewhere = Flow { company_id: globex.id, options: vec![], ..flow.clone() };
    let refused = store.put_flow(&elsewhere, &audit(globex.id, "channel.flow_set", None)).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "another company's channel");
    assert!(store.get_flow(globex.id, sim.id).await.unwrap().is_none());

    let in_use = store.delete_department(acme.id, sales.id, &audit(acme.id, "department.deleted", None)).await;
    assert!(matches!(
        in_use,
        Err(StoreError::InUse(InUse::DepartmentInFlow { department_id, channel_id }))
            if department_id == sales.id && channel_id == sim.id
    ));
    let without = Flow { enabled: false, options: vec![], ..flow };
    store.put_flow(&without, &audit(acme.id, "channel.flow_set", None)).await.unwrap();
    store.delete_department(acme.id, sales.id, &audit(acme.id, "department.deleted", None)).await.unwrap();
}
