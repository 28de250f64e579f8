/**
 * Preloaded (`node --import`) into a test server started by child-server.ts. The parent holds the
 * write end of our stdin and never writes; when it closes, the parent is gone (even if it was
 * SIGKILLed and could not clean up), so the server must not live on as a stray process.
 */
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
