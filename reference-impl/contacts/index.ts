export { FREQUENCY_OPTIONS, type Contact, type FrequencyOption, type MinimalContact } from './contact.js';
export { CONTACT_QUERIES, type ContactProjection, type ContactQuerySet } from './contact-queries.js';
export { CONTACTS_SCHEMA_SQL, createContactsSchema } from './contacts-schema.js';
export {
  StreamingContactRepository,
  type StreamingContactRepositoryOptions,
  type StreamingOptions,
  type StreamingStrategy,
} from './streaming-contact-repository.js';
