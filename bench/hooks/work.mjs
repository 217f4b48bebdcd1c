// The hook's own work, the same in every variant: parse a Claude Code-style payload and decide.
export function work() {
  const payload = JSON.parse(
    '{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}',
  );
  return payload.tool_name === 'Bash' ? 0 : 1;
}
