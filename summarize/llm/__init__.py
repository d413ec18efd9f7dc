"""Instruct-LLM stages shared by the hf-causal and llama-cpp backends."""
