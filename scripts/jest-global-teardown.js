// Stops the private instances the global setup started (local and configured services are left alone).
module.exports = async () => {
  const infra = globalThis.__OMOTENASHI_INFRA__;
  globalThis.__OMOTENASHI_INFRA__ = undefined;
  if (infra) await infra.stop();
};
