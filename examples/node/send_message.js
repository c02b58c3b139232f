// Send a message to a conversation with twilio from npm, then print the conversation's history.
// Usage: node send_message.js CONVERSATION_SID "the text" [author]
// Credentials from TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN. Through the sandbox's proxy mode,
// twilio-node reads its proxy from HTTP_PROXY (not HTTPS_PROXY) and its CA from
// NODE_EXTRA_CA_CERTS: `python -m sandbox proxy` prints both.
"use strict";

const twilio = require("twilio");

async function main([conversationSid, body, author = "node"]) {
  if (!conversationSid || !body) {
    console.error('Usage: node send_message.js CONVERSATION_SID "the text" [author]');
    return 2;
  }
  const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
  const conversation = client.conversations.v1.conversations(conversationSid);
  try {
    const message = await conversation.messages.create({ author, body });
    console.log(`Sent message ${message.sid}.`);
    for (const each of await conversation.messages.list()) {
      console.log(`#${each.index} ${each.author}: ${each.body}`);
    }
  } catch (error) {
    if (typeof error.status !== "number") throw error; // not an answer from Twilio
    console.error(
      `Twilio refused (HTTP ${error.status}, error ${error.code}): ${error.message}. ${error.moreInfo}`,
    );
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
