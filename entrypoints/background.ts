import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // wired in utils/background/ (message router, job resumption)
});
