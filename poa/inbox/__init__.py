"""Amazon's messages: decoding, sentences, the prompts they ask for, what to do next."""
