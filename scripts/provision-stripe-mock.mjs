// Provisions stripe-mock (the Stripe API stand-in the payment tests use) into .tools/bin.
// Filled in by the payments work of issue #7.
