// What a journey needs but is not about, set up through the REST API: faster than the screens, and
// each file makes its own on its own server instead of counting on what another journey left.
import { ADMIN, OPERATOR, PASSWORD } from "./server.mjs";

/** The attendant the journeys work with. */
export const DORA = { name: "Dora", email: "dora@padaria.test" };

/** The settings of the Cloud API channel "API oficial" (Meta is never called: the channel is only added). */
export const CLOUD_API = {
  phone_number_id: "106540352242922",
  access_token: "EAAG-e2e-token",
  app_secret: "e2e-app-secret",
  verify_token: "e2e-verify",
};

/** A small API client logged in as `email`; `loginPath` is the platform operator's for the operator. */
export async function apiSession(
  base,
  email,
  password,
  loginPath = "/auth/login",
) {
  const login = await fetch(`${base}/api/v1${loginPath}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok)
    throw new Error(`login of ${email}: ${login.status} ${await login.text()}`);
  const { access_token } = await login.json();
  return async function call(method, path, body) {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${access_token}`,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** The company administrator's API client. */
export function adminApi(base) {
  return apiSession(base, ADMIN.email, ADMIN.password);
}

/** Asks `probe` every 20 ms until it answers something truthy, and answers that; 5 s at most. */
export async function eventually(probe, what) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const answer = await probe();
    if (answer) return answer;
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The platform operator switches WhatsApp groups on for the administrator's company. */
export async function enableGroups(base) {
  const operator = await apiSession(
    base,
    OPERATOR.email,
    OPERATOR.password,
    "/platform/auth/login",
  );
  const companies = await operator("GET", "/platform/companies");
  const company = companies.items.find((item) => item.name === ADMIN.company);
  await operator("PATCH", `/platform/companies/${company.id}`, {
    features: { whatsapp_groups: true },
  });
}

/** A simulator channel whose QR Code the simulated phone scanned: `connected`, with its number. */
export async function connectedChannel(call, name) {
  const { id } = await call("POST", "/channels", { name, kind: "simulator" });
  const status = (wanted) =>
    eventually(async () => {
      const channel = await call("GET", `/channels/${id}`);
      return channel.status === wanted && channel;
    }, `channel ${name} ${wanted}`);
  await call("POST", `/channels/${id}/connect`, {});
  await status("pairing");
  await call("POST", `/simulator/channels/${id}/scan`, {});
  return status("connected");
}

/** A Cloud API channel with the settings of `CLOUD_API`. */
export function cloudApiChannel(call, name) {
  return call("POST", "/channels", {
    name,
    kind: "whatsapp_cloud",
    ...CLOUD_API,
  });
}

/** An attendant in `departments`, working on `channels`, with exactly the permission keys given. */
export async function addAttendant(
  call,
  { name, email },
  { channels = [], departments = [], permissions = [] } = {},
) {
  const user = await call("POST", "/users", {
    name,
    email,
    password: PASSWORD,
    department_ids: departments.map((department) => department.id),
  });
  await call("PUT", `/users/${user.id}/channels`, {
    channel_ids: channels.map((channel) => channel.id),
  });
  return call("PUT", `/users/${user.id}/permissions`, { permissions });
}

/** Puts the channel's simulated number in `count` groups, "Grupo 0001" onwards, of `participants` people each. */
export function seedGroups(call, channel, count, participants) {
  return call("POST", `/simulator/channels/${channel.id}/groups`, {
    count,
    participants_per_group: participants,
  });
}

/** Pre-imports the channel's groups and imports those with the given subjects; answers the imported groups. */
export async function importGroups(call, channel, subjects) {
  const { id } = await call(
    "POST",
    `/channels/${channel.id}/group-imports`,
    {},
  );
  const job = await eventually(async () => {
    const job = await call("GET", `/group-imports/${id}`);
    if (job.status === "failed")
      throw new Error(`the pre-import failed: ${job.error}`);
    return job.status === "ready" && job;
  }, "the pre-import ready");
  const external_ids = subjects.map(
    (subject) =>
      job.candidates.find((candidate) => candidate.subject === subject)
        .external_id,
  );
  const imported = await call("POST", `/group-imports/${id}/import`, {
    external_ids,
  });
  return imported.groups;
}

/** Someone writes to the channel, directly or, with `group`, in that group. */
export function inbound(call, channel, from, text, group) {
  return call("POST", `/simulator/channels/${channel.id}/inbound`, {
    from,
    text,
    ...(group ? { group_external_id: group.external_id } : {}),
  });
}

/** Dora answering every conversation of a connected simulator channel "WhatsApp Atendimento", and a conversation
 * that `customer` ({ phone, name, text }) started on it. */
export async function doraServesACustomer(call, customer) {
  const channel = await connectedChannel(call, "WhatsApp Atendimento");
  const dora = await addAttendant(call, DORA, {
    channels: [channel],
    permissions: ["messages.send", "wallet.view_all"],
  });
  await call("PATCH", `/users/${dora.id}`, { visibility: "all" });
  await call("POST", `/simulator/channels/${channel.id}/inbound`, {
    from: customer.phone,
    sender_name: customer.name,
    text: customer.text,
  });
  await eventually(
    async () => (await call("GET", "/conversations")).items.length > 0,
    "the customer's conversation",
  );
  return { channel, dora };
}
