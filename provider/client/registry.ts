/**
 * Compatibility path only: provider/resources/*-impl.ts import withClientLease from here. The registry is
 * client-registry.ts; once those imports point there, delete this file.
 */
export { withClientLease } from "./client-registry";
