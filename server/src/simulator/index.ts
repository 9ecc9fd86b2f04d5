/** The WeCom simulator: see docs/simulator.md. */
export { createSimulator, startSimulator } from './simulator.ts';
export type {
  RunningSimulator,
  Simulator,
  SimulatorExtension,
  SimulatorExtensionApi,
  SimulatorOptions,
  StartSimulatorOptions,
} from './simulator.ts';
export type { ApiHandler, ApiRequest, ApiRoute } from './api.ts';
export { ApiRoutes, parseParams } from './api.ts';
export { AdminRoutes, ADMIN_PREFIX } from './admin.ts';
export type { CallbackRecord, CallbackTargetInput } from './callbacks.ts';
export type { SimEvent, EventFields } from './event-xml.ts';
export { SimState } from './state.ts';
export type { Switches, SwitchesInput } from './switches.ts';
export { switchesSchema } from './switches.ts';
export type { SimCorpCredentials } from './context.ts';
export { SimMutationError } from './mutations.ts';
export type { SimMutations } from './mutations.ts';
export { WxError, OK } from './wx-error.ts';
export * from './types.ts';
