//! Connecting a channel: opening its session (QR Code pairing or the Cloud API credentials
//! check), closing it, and the QR Code of a pairing channel. Status changes follow
//! asynchronously, through the dispatcher.

use blocopro_connectors::ConnectorError;
use blocopro_domain::channel::{Channel, ChannelKind, ChannelStatus, ConnectPlan, plan_connect};
use blocopro_store::ChannelQr;
use uuid::Uuid;

use super::{dispatcher, managed, sessions};
use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// Opens the channel's session unless it is already connected or pairing; `pair_again` forgets a
/// logged-out QR channel's device to pair anew. Answers the channel as it was.
pub async fn connect(app: &App, caller: &Caller, id: Uuid, pair_again: bool) -> AppResult<Channel> {
    let channel = managed(app, caller, id).await?;
    let plan = plan_connect(channel.kind, channel.status, pair_again)?;
    if plan != ConnectPlan::AlreadyUnderway {
        sessions::open(app, &channel, plan == ConnectPlan::StartFresh).await?;
        let summary = serde_json::json!({ "pair_again": pair_again });
        app.store
            .record_audit(&caller.audit("channel.connect_requested", "channel", Some(channel.id), summary))
            .await?;
    }
    Ok(channel)
}

/// A Cloud API number has no device to unlink.
fn unlinks_device(kind: ChannelKind, logout: bool) -> bool {
    logout && kind != ChannelKind::WhatsappCloud
}

/// A logged-out device stays logged out until paired again.
fn status_after_closing(status: ChannelStatus, logout: bool) -> ChannelStatus {
    match status {
        ChannelStatus::LoggedOut => ChannelStatus::LoggedOut,
        _ if logout => ChannelStatus::LoggedOut,
        _ => ChannelStatus::Disconnected,
    }
}

/// Closes the channel's session; `logout` also unlinks the device from the phone (QR channels).
pub async fn disconnect(app: &App, caller: &Caller, id: Uuid, logout: bool) -> AppResult<Channel> {
    let channel = managed(app, caller, id).await?;
    let logout = unlinks_device(channel.kind, logout);
    sessions::close(app, &channel, logout).await?;
    let status = status_after_closing(channel.status, logout);
    let channel = dispatcher::record_status(app, &channel, status, None).await?.ok_or_else(AppError::not_found)?;
    let summary = serde_json::json!({ "logout": logout });
    app.store.record_audit(&caller.audit("channel.disconnected", "channel", Some(channel.id), summary)).await?;
    Ok(channel)
}

/// The QR Code a pairing channel shows now.
pub async fn qr(app: &App, caller: &Caller, id: Uuid) -> AppResult<ChannelQr> {
    let channel = managed(app, caller, id).await?;
    let qr = app.store.channel_qr(caller.company_id, channel.id).await?;
    Ok(qr.ok_or(ConnectorError::NotPairing)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_linked_devices_are_unlinked() {
        assert!(unlinks_device(ChannelKind::WhatsappQr, true));
        assert!(!unlinks_device(ChannelKind::WhatsappCloud, true));
        assert!(!unlinks_device(ChannelKind::WhatsappQr, false));
    }

    #[test]
    fn closing_disconnects_unless_the_device_is_or_gets_unlinked() {
        assert_eq!(status_after_closing(ChannelStatus::Connected, false), ChannelStatus::Disconnected);
        assert_eq!(status_after_closing(ChannelStatus::Connected, true), ChannelStatus::LoggedOut);
        assert_eq!(status_after_closing(ChannelStatus::LoggedOut, false), ChannelStatus::LoggedOut);
    }
}
