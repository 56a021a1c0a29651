// Package config 描述 inventory_srv 的配置文件结构（JSON）。
package config

type MysqlConfig struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Name     string `json:"db"`
	User     string `json:"user"`
	Password string `json:"password"`
}

type RedisConfig struct {
	Host string `json:"host"`
	Port int    `json:"port"`
}

type ConsulConfig struct {
	Host string `json:"host"`
	Port int    `json:"port"`
}

type RocketMQConfig struct {
	NameServers []string `json:"name_servers"`
}

type ServerConfig struct {
	Name       string         `json:"name"`
	Host       string         `json:"host"`
	Tags       []string       `json:"tags"`
	MysqlInfo  MysqlConfig    `json:"mysql"`
	RedisInfo  RedisConfig    `json:"redis"`
	ConsulInfo ConsulConfig   `json:"consul"`
	RocketMQ   RocketMQConfig `json:"rocketmq"`
}
