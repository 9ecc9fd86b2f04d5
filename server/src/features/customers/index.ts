/** What other features may use of customers; everything else in this folder is internal. */
export { addWayLabel, joinSceneLabel } from './common/labels.ts';
export { wecomFailure } from './common/wecom-failure.ts';
export { loadActiveFollows, loadCustomer, loadFollowTags } from './customer-facts.ts';
export { lifecycleLabel, segmentLabel } from './customers.presenter.ts';
export { CONTACT_TYPES, loadOpenFacts, type CustomerOpenFacts } from './open-facts.ts';
export { customerProfileByExternal } from './customers.service.ts';
