global using Twin.Contracts;
