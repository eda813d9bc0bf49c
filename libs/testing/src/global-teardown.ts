export default async function globalTeardown(): Promise<void> {
  await Promise.all((globalThis.__crmContainers ?? []).map((container) => container.stop()));
}
