export { rfmSettingsBodySchema } from '../../../../shared/src/rfm/api.ts';
