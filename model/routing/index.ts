// Routing model: skills, agents, queues and the pure decisions (which queue, which agent).
export * from './agent';
export * from './case-facts';
export * from './channel-kinds';
export * from './choose-agent';
export * from './match-queue';
export * from './queue';
export * from './reason-text';
