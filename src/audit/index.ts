// hkguard/audit: the runtime shim an app imports. Nothing here imports the analyzer or any package;
// node:crypto and node:fs are resolved at run time only on Node, so React Native bundlers never see them.
export { createAuditLog } from './log.js';
export type { AuditLog, AuditLogOptions } from './log.js';
export { memoryStore, fileStore } from './stores.js';
export type { MemoryStore } from './stores.js';
export type {
  AuditStore, AuditStoreTail, AuditEvent, ReadingEvent, WriteEvent, WriteResultEvent, AuditEntry, EntryField,
  RedactionPolicy, ValuePolicy,
} from './types.js';
export { decodeGattCharacteristic, decodeSfloat, decodeFloat, normalizeUuid, gattCharacteristicName } from './gatt.js';
export type { DecodedField, GattDecodeResult, MedicalFloatSpecial } from './gatt.js';
export { instrumentBlePlx, instrumentBleManager, instrumentCapacitorBle } from './instrument/ble.js';
export { instrumentReactNativeHealth, instrumentKingstinctHealthKit } from './instrument/healthkit.js';
export { verifyAuditLog, auditKeyId } from './verify.js';
export type { VerifyResult, VerifyProblem, VerifyProblemKind, VerifyOptions } from './verify.js';
export { buildAuditReport, toAuditFindings, verifyFindings } from './report.js';
export type { AuditReport, AuditReportOptions, AuditFinding, AuditDeviceSummary, AuditTypeSummary, AuditDaySummary, AuditGap } from './report.js';
export {
  renderAuditReport, renderReportStylish, renderReportJson, renderReportMarkdown, renderReportHtml, renderReportHtmlFragment,
  renderVerifyStylish,
} from './render.js';
export type { AuditReportFormat, RenderOptions } from './render.js';
export { canonicalJson } from './canonical.js';
export { defaultCrypto, pureCrypto } from './crypto.js';
export type { AuditCrypto } from './crypto.js';
export { convertSensorToHealthKit, convertHealthKit, HEALTH_TYPES } from './units.js';
export type { HealthTypeInfo } from './units.js';
