// Tables of the appointments flow (issue #7).
export {};
