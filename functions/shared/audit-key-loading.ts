import { loadAuditKeyFromEnvironment } from '../../adapters/audit-key';

// The audit-chain key, once per container, before any handler writes or verifies a history
// entry (on AWS from Secrets Manager when AUDIT_KEY_SECRET_ARN is set; locally the key file is
// loaded at start and this does nothing).
await loadAuditKeyFromEnvironment();
