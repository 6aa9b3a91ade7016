// Placeholder until infra discovery lands: use the local default services.
module.exports = async () => {};
