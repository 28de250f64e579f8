import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { handlers } from '../utils/background/handlers';
import { recoverInterrupted } from '../utils/background/checkup';
import { restoreComposeRegistration } from '../utils/background/compose';
import { createRouter } from '../utils/background/router';
import { runRescopeJobs } from '../utils/background/rescope';
import { resumeQuotePolicyFix } from '../utils/background/guide';
import { RECHECK_ALARM, scheduledRecheck } from '../utils/background/schedule';
import { database } from '../utils/db';
import { RESCOPE_ALARM } from '../utils/rescope/background';
import { migrateStorage } from '../utils/storage';

export default defineBackground(() => {
  // First: the one database, with the earlier layouts' records moved in before anything reads them.
  void database({ importLegacy: true }).catch((error: Error) =>
    console.warn('Fediprint: the local database could not be opened:', error.name, error.message),
  );
  const route = createRouter(handlers, browser.runtime.getURL('/'));
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RESCOPE_ALARM) void runRescopeJobs();
    if (alarm.name === RECHECK_ALARM) {
      scheduledRecheck().catch((error: Error) =>
        console.warn('Fediprint: scheduled re-check failed:', error.name, error.message),
      );
    }
  });

  void (async () => {
    await migrateStorage();
    await recoverInterrupted();
    await restoreComposeRegistration();
    await runRescopeJobs();
    await resumeQuotePolicyFix();
  })().catch((error: Error) => console.warn('Fediprint: start-up step failed:', error.name, error.message));
});
