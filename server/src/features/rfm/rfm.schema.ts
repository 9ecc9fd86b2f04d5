export { rfmSettingsBodySchema } from '@shared/rfm/api.ts';
