/** Endpoint builders (no I/O) and reply schemas. The dialect module holds every unverified choice. */
export * from "./request";
export * from "./schema-kit";
export * from "./error-body";
export * as session from "./session";
export * as storageSystem from "./storage-system";
export * as volumes from "./volumes";
export * as jobs from "./jobs";
export * as copySessions from "./copy-sessions";
export * as dialect from "./dialect";
export * as dialectFile from "./dialect-file";
