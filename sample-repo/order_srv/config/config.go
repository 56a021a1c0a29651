// Package config 描述 order_srv 的配置文件结构（JSON）。
package config

type MysqlConfig struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Name     string `json:"db"`
	User     string `json:"user"`
	Password string `json:"password"`
}

type ConsulConfig struct {
	Host string `json:"host"`
	Port int    `json:"port"`
}

// SrvConfig 是被调用服务在 Consul 里注册的名字。
type SrvConfig struct {
	Name string `json:"name"`
}

type RocketMQConfig struct {
	NameServers []string `json:"name_servers"`
}

type ServerConfig struct {
	Name             string         `json:"name"`
	Host             string         `json:"host"`
	Tags             []string       `json:"tags"`
	WorkerID         int64          `json:"worker_id"` // 雪花算法机器号，每个实例唯一
	MysqlInfo        MysqlConfig    `json:"mysql"`
	ConsulInfo       ConsulConfig   `json:"consul"`
	RocketMQ         RocketMQConfig `json:"rocketmq"`
	GoodsSrvInfo     SrvConfig      `json:"goods_srv"`
	InventorySrvInfo SrvConfig      `json:"inventory_srv"`
}
